(comment) @comment
(string_literal) @string
(verbatim_string_literal) @string
(raw_string_literal) @string
(character_literal) @string
(interpolated_string_expression) @string
(interpolation) @string.interpolation
