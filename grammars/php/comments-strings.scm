(comment) @comment
(string) @string
(encapsed_string) @string
(heredoc) @string
(nowdoc) @string
(encapsed_string [(variable_name) (member_access_expression) (subscript_expression) (expression)] @string.interpolation)
