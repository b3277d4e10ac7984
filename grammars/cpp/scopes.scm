; inherits: c
(function_definition declarator: (reference_declarator (function_declarator declarator: (_) @scope.name)) body: (_) @scope.body) @scope.function
(class_specifier name: (_) @scope.name body: (_) @scope.body) @scope.class
(namespace_definition name: (_) @scope.name body: (_) @scope.body) @scope.namespace
