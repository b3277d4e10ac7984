(function_definition name: (_) @scope.name body: (_) @scope.body) @scope.function
(method_declaration name: (_) @scope.name body: (_) @scope.body) @scope.method
(class_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(interface_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(trait_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(enum_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(namespace_definition name: (_) @scope.name body: (_) @scope.body) @scope.namespace
