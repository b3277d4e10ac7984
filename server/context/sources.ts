import { definitionsSource } from './definitions';
import { headerSource } from './header';
import { importsSource } from './imports';
import { scopeSource } from './scope-outline';
import { similarSource } from './similar';
import type { ContextSource } from './source';
import { workspaceDefinitionsSource } from './workspace-definitions';

/**
 * Every context source, in the order the budget is spent on them (assemble.ts): after the lines
 * right around the cursor come the file path, enclosing signatures, imports, other files'
 * definitions (open files, then the workspace index) and similar code, each within its share;
 * whatever is left widens the prefix and suffix windows. Adding a source is adding its module
 * (source.ts says what it implements) and one line here.
 */
export const CONTEXT_SOURCES: readonly ContextSource[] = [
  headerSource,
  scopeSource,
  importsSource,
  definitionsSource,
  workspaceDefinitionsSource,
  similarSource,
];
