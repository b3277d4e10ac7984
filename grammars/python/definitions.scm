; @definition.<kind> = the definition, @name = its name, @body = where the signature ends.

(function_definition name: (identifier) @name body: (block) @body) @definition.function
(class_definition name: (identifier) @name body: (block) @body) @definition.class
(type_alias_statement left: (type (identifier) @name)) @definition.type

; Module and class level assignments (UPPER_CASE names are reported as constants).
(module (expression_statement (assignment left: (identifier) @name)) @definition.variable)
(class_definition body: (block (expression_statement (assignment left: (identifier) @name)) @definition.variable))
