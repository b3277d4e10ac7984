; source ./lib.sh, . ./lib.sh
((command name: (command_name (word) @_cmd)) @import
  (#any-of? @_cmd "source" "."))
