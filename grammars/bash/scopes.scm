(function_definition name: (_) @scope.name body: (_) @scope.body) @scope.function
