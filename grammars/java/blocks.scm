; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(method_declaration body: (block) @block.body) @block
(constructor_declaration body: (constructor_body) @block.body) @block
(compact_constructor_declaration body: (block) @block.body) @block
(lambda_expression body: (block) @block.body) @block
(class_declaration body: (class_body) @block.body) @block
(record_declaration body: (class_body) @block.body) @block
(interface_declaration body: (interface_body) @block.body) @block
(enum_declaration body: (enum_body) @block.body) @block
(annotation_type_declaration body: (annotation_type_body) @block.body) @block
(object_creation_expression (class_body) @block.body) @block
(static_initializer (block) @block.body) @block
(if_statement consequence: (block) @block.body) @block
(if_statement alternative: (block) @block.body) @block
(for_statement body: (block) @block.body) @block
(enhanced_for_statement body: (block) @block.body) @block
(while_statement body: (block) @block.body) @block
(do_statement body: (block) @block.body) @block
(try_statement body: (block) @block.body) @block
(try_with_resources_statement body: (block) @block.body) @block
(catch_clause body: (block) @block.body) @block
(finally_clause (block) @block.body) @block
(synchronized_statement body: (block) @block.body) @block
(switch_expression body: (switch_block) @block.body) @block

"{" @opener
