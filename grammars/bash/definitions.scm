(function_definition name: (_) @name body: (_) @body) @definition.function
(program (variable_assignment name: (_) @name) @definition.variable)
(program (declaration_command (variable_assignment name: (_) @name)) @definition.variable)
