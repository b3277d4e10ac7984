(method_declaration name: (_) @scope.name body: (_) @scope.body) @scope.method
(constructor_declaration name: (_) @scope.name body: (_) @scope.body) @scope.method
(compact_constructor_declaration name: (_) @scope.name body: (_) @scope.body) @scope.method
(class_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(record_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(interface_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(enum_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(annotation_type_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
