"""A square is a rectangle with equal sides. The demo asks for completions at the marked places."""
import math


class Square:
    def __init__(self, side: float) -> None:
        self.side = side

    def area(self) -> float:
        return self.‸

    def perimeter(self) -> float:
        ‸


def total_perimeter(shapes: list) -> float:
    return sum(‸)
