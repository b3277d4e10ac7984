((call method: (identifier) @_fn) @import
  (#any-of? @_fn "require" "require_relative" "load" "autoload"))
