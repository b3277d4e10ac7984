; Constructs with a body. @block = the construct, @block.body = its body,
; @block.open = the token the body starts after. @opener = a token that opens a block at line end.

(function_definition ":" @block.open body: (block) @block.body) @block
(class_definition ":" @block.open body: (block) @block.body) @block
(if_statement ":" @block.open consequence: (block) @block.body) @block
(elif_clause ":" @block.open consequence: (block) @block.body) @block
(else_clause ":" @block.open body: (block) @block.body) @block
(for_statement ":" @block.open body: (block) @block.body) @block
(while_statement ":" @block.open body: (block) @block.body) @block
(try_statement ":" @block.open body: (block) @block.body) @block
(except_clause ":" @block.open (block) @block.body) @block
(finally_clause ":" @block.open (block) @block.body) @block
(with_statement ":" @block.open body: (block) @block.body) @block
(match_statement ":" @block.open body: (block) @block.body) @block
(case_clause ":" @block.open consequence: (block) @block.body) @block

":" @opener
