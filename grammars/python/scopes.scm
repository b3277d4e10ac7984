; @scope.<kind> = the construct (pattern root), @scope.name, @scope.body.
; A function directly inside a class is reported as a method.

(function_definition name: (identifier) @scope.name body: (block) @scope.body) @scope.function
(class_definition name: (identifier) @scope.name body: (block) @scope.body) @scope.class
