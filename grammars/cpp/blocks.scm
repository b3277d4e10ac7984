; inherits: c
(class_specifier body: (field_declaration_list) @block.body) @block
(namespace_definition body: (declaration_list) @block.body) @block
(lambda_expression body: (compound_statement) @block.body) @block
(for_range_loop body: (compound_statement) @block.body) @block
(try_statement body: (compound_statement) @block.body) @block
(catch_clause body: (compound_statement) @block.body) @block
(linkage_specification body: (declaration_list) @block.body) @block
