(method name: (_) @scope.name body: (_)? @scope.body) @scope.function
(singleton_method name: (_) @scope.name body: (_)? @scope.body) @scope.method
(class name: (_) @scope.name body: (_)? @scope.body) @scope.class
(singleton_class value: (_) @scope.name body: (_)? @scope.body) @scope.class
(module name: (_) @scope.name body: (_)? @scope.body) @scope.module
