/**
 * The syntax layer's analysis API in one import: pure functions over a document's tree, text and
 * a cursor offset. Offsets are JS string indices (UTF-16 code units) everywhere; a document
 * without a grammar gives empty results, never an exception.
 */
export { nodePathAt, leafBefore } from './node-path';
export { scopeChain, type Scope, type ScopeKind } from './scopes';
export { enclosingBlock, type BlockInfo } from './blocks';
export { cursorContext, type CursorContext } from './cursor-context';
export { literalAt, type LiteralKind } from './literals';
export { canFindImports, imports, type ImportStatement } from './imports';
export { definitions, type Definition, type DefinitionKind } from './definitions';
export { addsSyntaxErrors, countErrors, errorRanges, type ErrorRange, type SyntaxSource } from './errors';
export { parseText, ensureLanguage } from './parser';
export { getQuery, QUERY_KINDS, QueryLoadError, type QueryKind } from './queries';
export { DocumentTree, type SyntaxDocument, type DocumentTreeOptions } from './document-tree';
export { treeEdit } from './tree-edit';
