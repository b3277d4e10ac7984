; Keyword-delimited blocks: @block.open = the token the body starts after, @block.close = the token
; it ends before (an alternation: the tightest one around the cursor wins), @block.body when present.

(if_statement "then" @block.open [(elif_clause) (else_clause) "fi"] @block.close) @block
(elif_clause "then" @block.open) @block
(else_clause "else" @block.open) @block
(while_statement body: (do_group) @block.body) @block
(for_statement body: (do_group) @block.body) @block
(c_style_for_statement body: (_) @block.body) @block
(function_definition body: (compound_statement) @block.body) @block
(case_statement "in" @block.open "esac" @block.close) @block

["then" "do" "else" "{" "in"] @opener
