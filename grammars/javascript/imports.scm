(import_statement) @import
(export_statement source: (_)) @import

; CommonJS: const x = require("x"), require("x")
((lexical_declaration (variable_declarator value: (call_expression function: (identifier) @_fn))) @import
  (#eq? @_fn "require"))
((variable_declaration (variable_declarator value: (call_expression function: (identifier) @_fn))) @import
  (#eq? @_fn "require"))
((expression_statement (call_expression function: (identifier) @_fn)) @import
  (#eq? @_fn "require"))
