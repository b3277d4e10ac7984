(function_item name: (_) @name body: (_) @body) @definition.function
(function_signature_item name: (_) @name) @definition.function
(struct_item name: (_) @name body: (_)? @body) @definition.class
(union_item name: (_) @name body: (_) @body) @definition.class
(enum_item name: (_) @name body: (_) @body) @definition.enum
(trait_item name: (_) @name body: (_) @body) @definition.interface
(impl_item type: [(type_identifier) (primitive_type)] @name body: (_) @body) @definition.other
(impl_item type: (scoped_type_identifier name: (_) @name) body: (_) @body) @definition.other
(impl_item type: (generic_type type: (type_identifier) @name) body: (_) @body) @definition.other
(impl_item type: (generic_type type: (scoped_type_identifier name: (_) @name)) body: (_) @body) @definition.other
(impl_item type: (reference_type type: (type_identifier) @name) body: (_) @body) @definition.other
(impl_item type: (reference_type type: (generic_type type: (type_identifier) @name)) body: (_) @body) @definition.other
((impl_item type: (_) @name body: (_) @body) @definition.other
  (#not-match? @name "^([A-Za-z_][A-Za-z0-9_:]*(<[^]*>)?|&('\\w+ )?(mut )?[A-Za-z_]\\w*(<[^]*>)?)$"))
(mod_item name: (_) @name body: (_)? @body) @definition.module
(type_item name: (_) @name) @definition.type
(const_item name: (_) @name) @definition.constant
(static_item name: (_) @name) @definition.variable
(macro_definition name: (_) @name) @definition.function
(field_declaration_list (field_declaration name: (_) @name) @definition.variable)
