(namespace_use_declaration) @import
(expression_statement [(require_expression) (require_once_expression) (include_expression) (include_once_expression)]) @import
