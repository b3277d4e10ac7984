; @scope.<kind> = the construct (pattern root), @scope.name, @scope.body.

(function_declaration name: (identifier) @scope.name body: (_) @scope.body) @scope.function
(generator_function_declaration name: (identifier) @scope.name body: (_) @scope.body) @scope.function
(function_expression name: (identifier) @scope.name body: (_) @scope.body) @scope.function
(method_definition name: (_) @scope.name body: (_) @scope.body) @scope.method
(class_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(class name: (_) @scope.name body: (_) @scope.body) @scope.class

; Named by what they are assigned to: const f = () => {}, handler = function () {}, exports.f = …
(lexical_declaration
  (variable_declarator name: (_) @scope.name
    value: [(arrow_function body: (_) @scope.body) (function_expression body: (_) @scope.body)])) @scope.function
(variable_declaration
  (variable_declarator name: (_) @scope.name
    value: [(arrow_function body: (_) @scope.body) (function_expression body: (_) @scope.body)])) @scope.function
(assignment_expression left: (_) @scope.name
  right: [(arrow_function body: (_) @scope.body) (function_expression body: (_) @scope.body)]) @scope.function
(pair key: (_) @scope.name
  value: [(arrow_function body: (_) @scope.body) (function_expression body: (_) @scope.body)]) @scope.method
(public_field_definition name: (_) @scope.name
  value: [(arrow_function body: (_) @scope.body) (function_expression body: (_) @scope.body)]) @scope.method

(abstract_class_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(interface_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(enum_declaration name: (_) @scope.name body: (_) @scope.body) @scope.class
(internal_module name: (_) @scope.name body: (_) @scope.body) @scope.namespace
(module name: (_) @scope.name body: (_) @scope.body) @scope.namespace
