; inherits: c
(function_definition declarator: (reference_declarator (function_declarator declarator: (_) @name)) body: (_) @body) @definition.function
(class_specifier name: (_) @name body: (_) @body) @definition.class
(namespace_definition name: (_) @name body: (_) @body) @definition.module
(alias_declaration name: (_) @name) @definition.type
(concept_definition name: (_) @name) @definition.type
(field_declaration_list (declaration declarator: (function_declarator declarator: (_) @name)) @definition.method)
(field_declaration_list (field_declaration declarator: (function_declarator declarator: (_) @name)) @definition.method)
(declaration_list (function_definition declarator: (function_declarator declarator: (_) @name) body: (_) @body) @definition.function)
(declaration_list (declaration declarator: (function_declarator declarator: (_) @name)) @definition.function)
(field_declaration_list (function_definition declarator: (function_declarator declarator: (_) @name) [(default_method_clause) (delete_method_clause)]) @definition.method)
