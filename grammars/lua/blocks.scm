; Keyword-delimited blocks: @block.open = the end of the header, @block.close = the token the body
; ends before (an alternation: the tightest one around the cursor wins), @block.body when present
; (Lua has no block node for an empty body).

(function_declaration parameters: (_) @block.open body: (block)? @block.body "end" @block.close) @block
(function_definition parameters: (_) @block.open body: (block)? @block.body "end" @block.close) @block
(if_statement "then" @block.open consequence: (block)? @block.body [(elseif_statement) (else_statement) "end"] @block.close) @block
(elseif_statement "then" @block.open consequence: (block)? @block.body) @block
(else_statement "else" @block.open body: (block)? @block.body) @block
(for_statement "do" @block.open body: (block)? @block.body "end" @block.close) @block
(while_statement "do" @block.open body: (block)? @block.body "end" @block.close) @block
(do_statement "do" @block.open body: (block)? @block.body "end" @block.close) @block
(repeat_statement "repeat" @block.open body: (block)? @block.body "until" @block.close) @block

["then" "do" "else" "repeat" "{"] @opener
(parameters) @opener
