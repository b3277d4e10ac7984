; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(function_definition body: (compound_statement) @block.body) @block
(struct_specifier body: (field_declaration_list) @block.body) @block
(union_specifier body: (field_declaration_list) @block.body) @block
(enum_specifier body: (enumerator_list) @block.body) @block
(if_statement consequence: (compound_statement) @block.body) @block
(else_clause (compound_statement) @block.body) @block
(for_statement body: (compound_statement) @block.body) @block
(while_statement body: (compound_statement) @block.body) @block
(do_statement body: (compound_statement) @block.body) @block
(switch_statement body: (compound_statement) @block.body) @block

"{" @opener
