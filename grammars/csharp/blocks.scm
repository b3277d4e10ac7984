; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(method_declaration body: (block) @block.body) @block
(constructor_declaration body: (block) @block.body) @block
(destructor_declaration body: (block) @block.body) @block
(operator_declaration body: (block) @block.body) @block
(conversion_operator_declaration body: (block) @block.body) @block
(local_function_statement body: (block) @block.body) @block
(accessor_declaration body: (block) @block.body) @block
(lambda_expression body: (block) @block.body) @block
(class_declaration body: (declaration_list) @block.body) @block
(struct_declaration body: (declaration_list) @block.body) @block
(record_declaration body: (declaration_list) @block.body) @block
(interface_declaration body: (declaration_list) @block.body) @block
(enum_declaration body: (enum_member_declaration_list) @block.body) @block
(namespace_declaration body: (declaration_list) @block.body) @block
(property_declaration accessors: (accessor_list) @block.body) @block
(if_statement consequence: (block) @block.body) @block
(if_statement alternative: (block) @block.body) @block
(for_statement body: (block) @block.body) @block
(foreach_statement body: (block) @block.body) @block
(while_statement body: (block) @block.body) @block
(do_statement body: (block) @block.body) @block
(try_statement body: (block) @block.body) @block
(catch_clause body: (block) @block.body) @block
(finally_clause (block) @block.body) @block
(using_statement body: (block) @block.body) @block
(lock_statement (block) @block.body) @block
(switch_statement body: (switch_body) @block.body) @block

"{" @opener
