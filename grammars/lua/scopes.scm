(function_declaration name: (method_index_expression) @scope.name body: (_)? @scope.body) @scope.method
(function_declaration name: [(identifier) (dot_index_expression)] @scope.name body: (_)? @scope.body) @scope.function
(variable_declaration
  (assignment_statement (variable_list . (_) @scope.name) (expression_list . (function_definition body: (_)? @scope.body)))) @scope.function
(assignment_statement (variable_list . (_) @scope.name) (expression_list . (function_definition body: (_)? @scope.body))) @scope.function
