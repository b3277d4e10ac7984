(function_definition name: (_) @name body: (_) @body) @definition.function
(method_declaration name: (_) @name body: (_)? @body) @definition.method
(class_declaration name: (_) @name body: (_) @body) @definition.class
(interface_declaration name: (_) @name body: (_) @body) @definition.interface
(trait_declaration name: (_) @name body: (_) @body) @definition.class
(enum_declaration name: (_) @name body: (_) @body) @definition.enum
(namespace_definition name: (_) @name) @definition.module
(const_declaration (const_element (name) @name)) @definition.constant
(property_declaration (property_element name: (variable_name) @name)) @definition.variable
