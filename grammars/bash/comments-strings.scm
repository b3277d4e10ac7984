(comment) @comment
(string) @string
(raw_string) @string
(ansi_c_string) @string
(translated_string) @string
(heredoc_body) @string
(string [(command_substitution) (expansion) (arithmetic_expansion)] @string.interpolation)
(heredoc_body [(command_substitution) (expansion)] @string.interpolation)
