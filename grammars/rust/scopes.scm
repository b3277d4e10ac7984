(function_item name: (_) @scope.name body: (_) @scope.body) @scope.function
(impl_item type: (_) @scope.name body: (_) @scope.body) @scope.impl
(trait_item name: (_) @scope.name body: (_) @scope.body) @scope.class
(mod_item name: (_) @scope.name body: (_) @scope.body) @scope.module
(struct_item name: (_) @scope.name body: (field_declaration_list) @scope.body) @scope.class
(enum_item name: (_) @scope.name body: (_) @scope.body) @scope.class
(union_item name: (_) @scope.name body: (_) @scope.body) @scope.class
