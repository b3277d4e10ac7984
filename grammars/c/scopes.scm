(function_definition declarator: (function_declarator declarator: (_) @scope.name) body: (_) @scope.body) @scope.function
(function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: (_) @scope.name)) body: (_) @scope.body) @scope.function
(function_definition declarator: (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (_) @scope.name))) body: (_) @scope.body) @scope.function
(struct_specifier name: (_) @scope.name body: (_) @scope.body) @scope.class
(union_specifier name: (_) @scope.name body: (_) @scope.body) @scope.class
(enum_specifier name: (_) @scope.name body: (_) @scope.body) @scope.class
