; @comment, @string, and @string.interpolation for code inside a string (`${x}`).
(comment) @comment
(html_comment) @comment
(string) @string
(template_string) @string
(regex) @string
(template_substitution) @string.interpolation
