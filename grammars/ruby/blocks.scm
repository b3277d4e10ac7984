; Keyword-delimited blocks: @block.open = the end of the header (the body starts after it),
; @block.close = the token the body ends before ("end", "}", or the next elsif/else), @block.body when present.
; @opener = what can end a line that opens a block; error recovery keeps bare tokens, hence the ERROR patterns.

(method name: (_) @block.open !parameters body: (_)? @block.body "end" @block.close) @block
(method parameters: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(singleton_method name: (_) @block.open !parameters body: (_)? @block.body "end" @block.close) @block
(singleton_method parameters: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(class name: (_) @block.open !superclass body: (_)? @block.body "end" @block.close) @block
(class superclass: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(singleton_class value: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(module name: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(do_block "do" @block.open !parameters body: (_)? @block.body "end" @block.close) @block
(do_block parameters: (_) @block.open body: (_)? @block.body "end" @block.close) @block
(block "{" @block.open !parameters body: (_)? @block.body "}" @block.close) @block
(block parameters: (_) @block.open body: (_)? @block.body "}" @block.close) @block
(if condition: (_) @block.open consequence: (then)? @block.body alternative: (_) @block.close) @block
(if condition: (_) @block.open consequence: (then)? @block.body !alternative "end" @block.close) @block
(unless condition: (_) @block.open consequence: (then)? @block.body alternative: (_) @block.close) @block
(unless condition: (_) @block.open consequence: (then)? @block.body !alternative "end" @block.close) @block
(elsif condition: (_) @block.open consequence: (then)? @block.body alternative: (_) @block.close) @block
(elsif condition: (_) @block.open consequence: (then)? @block.body !alternative) @block
(else "else" @block.open) @block
(while condition: (_) @block.open body: (do) @block.body) @block
(until condition: (_) @block.open body: (do) @block.body) @block
(for value: (_) @block.open body: (do) @block.body) @block
(begin "begin" @block.open "end" @block.close) @block
(ensure "ensure" @block.open) @block
(when body: (then) @block.body) @block

(method name: (_) @opener !parameters)
(method parameters: (_) @opener)
(singleton_method name: (_) @opener !parameters)
(singleton_method parameters: (_) @opener)
(class name: (_) @opener !superclass)
(class superclass: (_) @opener)
(module name: (_) @opener)
(if condition: (_) @opener)
(unless condition: (_) @opener)
(elsif condition: (_) @opener)
(while condition: (_) @opener)
(until condition: (_) @opener)
(case value: (_) @opener)
(block_parameters) @opener
["do" "then" "else" "begin" "ensure" "{"] @opener
(ERROR "def" . (_) @opener)
(ERROR "def" . (_) . (method_parameters) @opener)
(ERROR ["class" "module"] . (_) @opener)
(ERROR ["if" "unless" "elsif" "while" "until" "case"] . (_) @opener)
