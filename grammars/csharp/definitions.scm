(class_declaration name: (_) @name body: (_) @body) @definition.class
(struct_declaration name: (_) @name body: (_) @body) @definition.class
(record_declaration name: (_) @name) @definition.class
(interface_declaration name: (_) @name body: (_) @body) @definition.interface
(enum_declaration name: (_) @name body: (_) @body) @definition.enum
(delegate_declaration name: (_) @name) @definition.type
(namespace_declaration name: (_) @name body: (_) @body) @definition.module
(file_scoped_namespace_declaration name: (_) @name) @definition.module
(method_declaration name: (_) @name body: (_)? @body) @definition.method
(constructor_declaration name: (_) @name body: (_) @body) @definition.method
(property_declaration name: (_) @name accessors: (_)? @body) @definition.variable
(field_declaration (variable_declaration (variable_declarator name: (_) @name))) @definition.variable
(event_field_declaration (variable_declaration (variable_declarator name: (_) @name))) @definition.variable
(enum_member_declaration name: (_) @name) @definition.constant
