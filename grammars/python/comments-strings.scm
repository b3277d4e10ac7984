; @comment, @string, and @string.interpolation for code inside a string (f"{x}").
(comment) @comment
(string) @string
(interpolation) @string.interpolation
