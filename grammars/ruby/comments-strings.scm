(comment) @comment
(string) @string
(bare_string) @string
(heredoc_body) @string
(regex) @string
(interpolation) @string.interpolation
