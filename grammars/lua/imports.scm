; local json = require("json"), require("x")
((variable_declaration (assignment_statement (expression_list (function_call name: (identifier) @_fn)))) @import
  (#eq? @_fn "require"))
((chunk (function_call name: (identifier) @_fn) @import)
  (#eq? @_fn "require"))
