import { createExclusionMatcher, type ExclusionMatcher } from '../privacy/exclude';
import type { ServerContext } from './context';

/**
 * Files never sent to a model: the built-in patterns plus `exclude`, relative to the workspace folders.
 * The matcher is rebuilt only when the setting or the folders change.
 */
export function configuredExclusions(ctx: ServerContext): (uri: string) => boolean {
  let key = '';
  let matcher: ExclusionMatcher = () => false;
  return (uri) => {
    const globs = ctx.config.current.exclude;
    const next = JSON.stringify([globs, ctx.workspaceFolders]);
    if (next !== key) {
      key = next;
      matcher = createExclusionMatcher(globs, ctx.workspaceFolders);
    }
    return matcher(uri);
  };
}
