; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(function_declaration body: (block) @block.body) @block
(method_declaration body: (block) @block.body) @block
(func_literal body: (block) @block.body) @block
(if_statement consequence: (block) @block.body) @block
(if_statement alternative: (block) @block.body) @block
(for_statement body: (block) @block.body) @block
(expression_switch_statement "{" @block.open "}" @block.close) @block
(type_switch_statement "{" @block.open "}" @block.close) @block
(select_statement "{" @block.open "}" @block.close) @block
(type_spec type: (struct_type (field_declaration_list) @block.body)) @block
(type_spec type: (interface_type) @block.body) @block

"{" @opener
