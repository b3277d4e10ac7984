(function_declaration name: (method_index_expression) @name body: (_)? @body) @definition.method
(function_declaration name: [(identifier) (dot_index_expression)] @name body: (_)? @body) @definition.function
(chunk (variable_declaration
  (assignment_statement (variable_list . (_) @name) (expression_list . (function_definition body: (_)? @body)))) @definition.function)
(chunk (assignment_statement (variable_list . (_) @name) (expression_list . (function_definition body: (_)? @body))) @definition.function)
(chunk (variable_declaration (assignment_statement (variable_list . (identifier) @name))) @definition.variable)
(chunk (variable_declaration (variable_list . (identifier) @name)) @definition.variable)
(chunk (assignment_statement (variable_list . (_) @name)) @definition.variable)
