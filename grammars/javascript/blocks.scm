; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(function_declaration body: (statement_block) @block.body) @block
(function_expression body: (statement_block) @block.body) @block
(generator_function_declaration body: (statement_block) @block.body) @block
(generator_function body: (statement_block) @block.body) @block
(arrow_function body: (statement_block) @block.body) @block
(method_definition body: (statement_block) @block.body) @block
(class_declaration body: (class_body) @block.body) @block
(class body: (class_body) @block.body) @block
(class_static_block body: (statement_block) @block.body) @block
(if_statement consequence: (statement_block) @block.body) @block
(else_clause (statement_block) @block.body) @block
(for_statement body: (statement_block) @block.body) @block
(for_in_statement body: (statement_block) @block.body) @block
(while_statement body: (statement_block) @block.body) @block
(do_statement body: (statement_block) @block.body) @block
(try_statement body: (statement_block) @block.body) @block
(catch_clause body: (statement_block) @block.body) @block
(finally_clause body: (statement_block) @block.body) @block
(switch_statement body: (switch_body) @block.body) @block

"{" @opener
