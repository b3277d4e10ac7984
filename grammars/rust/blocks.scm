; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(function_item body: (block) @block.body) @block
(closure_expression body: (block) @block.body) @block
(impl_item body: (declaration_list) @block.body) @block
(trait_item body: (declaration_list) @block.body) @block
(mod_item body: (declaration_list) @block.body) @block
(struct_item body: (field_declaration_list) @block.body) @block
(enum_item body: (enum_variant_list) @block.body) @block
(union_item body: (field_declaration_list) @block.body) @block
(if_expression consequence: (block) @block.body) @block
(else_clause (block) @block.body) @block
(for_expression body: (block) @block.body) @block
(while_expression body: (block) @block.body) @block
(loop_expression body: (block) @block.body) @block
(match_expression body: (match_block) @block.body) @block
(unsafe_block (block) @block.body) @block
(async_block (block) @block.body) @block
(foreign_mod_item body: (declaration_list) @block.body) @block

"{" @opener
