; inherits: javascript
; import x = require("x") is an import_statement too, so javascript's patterns cover TypeScript.
