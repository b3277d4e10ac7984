; @definition.<kind> = the definition, @name = its name, @body = where the signature ends.

(function_declaration name: (identifier) @name body: (_) @body) @definition.function
(generator_function_declaration name: (identifier) @name body: (_) @body) @definition.function
(class_declaration name: (_) @name body: (_) @body) @definition.class
(method_definition name: (_) @name body: (_) @body) @definition.method
(field_definition property: (_) @name) @definition.variable

; Top-level (or exported) bindings; a function value makes it a function, a class value a class,
; an UPPER_CASE name a constant.
; One pattern per parent: an alternation of parent nodes missed matches with web-tree-sitter 0.27.
(program (lexical_declaration (variable_declarator name: (identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function)
(program (lexical_declaration (variable_declarator name: (identifier) @name value: (class body: (_) @body))) @definition.class)
(program (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(program (variable_declaration (variable_declarator name: (identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function)
(program (variable_declaration (variable_declarator name: (identifier) @name value: (class body: (_) @body))) @definition.class)
(program (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(export_statement (lexical_declaration (variable_declarator name: (identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function)
(export_statement (lexical_declaration (variable_declarator name: (identifier) @name value: (class body: (_) @body))) @definition.class)
(export_statement (lexical_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
(export_statement (variable_declaration (variable_declarator name: (identifier) @name
  value: [(arrow_function body: (_) @body) (function_expression body: (_) @body)])) @definition.function)
(export_statement (variable_declaration (variable_declarator name: (identifier) @name value: (class body: (_) @body))) @definition.class)
(export_statement (variable_declaration (variable_declarator name: (identifier) @name)) @definition.variable)
