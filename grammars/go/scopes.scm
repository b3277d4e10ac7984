(function_declaration name: (_) @scope.name body: (_) @scope.body) @scope.function
(method_declaration name: (_) @scope.name body: (_) @scope.body) @scope.method
(type_declaration (type_spec name: (_) @scope.name type: (struct_type (field_declaration_list) @scope.body))) @scope.class
(type_declaration (type_spec name: (_) @scope.name type: (interface_type) @scope.body)) @scope.class
