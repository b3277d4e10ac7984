; import … from "x", import x = require("x"), export … from "x", const x = require("x")
; inherits nothing: TypeScript's node types differ from JavaScript's in places, so the list is explicit.
(import_statement) @import
(export_statement source: (_)) @import
((lexical_declaration (variable_declarator value: (call_expression function: (identifier) @_fn))) @import
  (#eq? @_fn "require"))
((variable_declaration (variable_declarator value: (call_expression function: (identifier) @_fn))) @import
  (#eq? @_fn "require"))
((expression_statement (call_expression function: (identifier) @_fn)) @import
  (#eq? @_fn "require"))
