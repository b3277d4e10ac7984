"""A square: a rectangle whose sides are equal."""
import math


class Square:
    def __init__(self, side: float) -> ‸None:
        self.side = side

    def area(self) -> float:
        return self.side * self.‸side

    def perimeter(self) -> ‸float:
        return 4 * self.side

    def diagonal(self) -> float:
        return math.sqrt(2) * self.‸side


def total_perimeter(shapes: list) -> float:
    return sum(shape.perimeter() for shape in shapes)
