; inherits: c
(using_declaration) @import
(namespace_alias_definition) @import
