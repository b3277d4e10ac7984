; @block = construct, @block.body = body (its own "{" "}" delimit the inside), @opener = line-end block opener.

(function_definition body: (compound_statement) @block.body) @block
(method_declaration body: (compound_statement) @block.body) @block
(anonymous_function body: (compound_statement) @block.body) @block
(class_declaration body: (declaration_list) @block.body) @block
(interface_declaration body: (declaration_list) @block.body) @block
(trait_declaration body: (declaration_list) @block.body) @block
(enum_declaration body: (enum_declaration_list) @block.body) @block
(anonymous_class body: (declaration_list) @block.body) @block
(namespace_definition body: (compound_statement) @block.body) @block
(if_statement body: (_) @block.body) @block
(else_if_clause body: (_) @block.body) @block
(else_clause body: (_) @block.body) @block
(for_statement body: (compound_statement) @block.body) @block
(foreach_statement body: (_) @block.body) @block
(while_statement body: (_) @block.body) @block
(do_statement body: (compound_statement) @block.body) @block
(try_statement body: (compound_statement) @block.body) @block
(catch_clause body: (compound_statement) @block.body) @block
(finally_clause body: (compound_statement) @block.body) @block
(switch_statement body: (switch_block) @block.body) @block

["{" ":"] @opener
