; inherits: javascript
; TypeScript-only blocks:

(abstract_class_declaration body: (class_body) @block.body) @block
(interface_declaration body: (interface_body) @block.body) @block
(enum_declaration body: (enum_body) @block.body) @block
(internal_module body: (statement_block) @block.body) @block
(module body: (statement_block) @block.body) @block
