import { toSlashPath, workspaceRelative } from '../workspace-path';
import { globToRegExp } from './glob';

/**
 * Files whose text never reaches a model, as the current file or as context. Always on; the
 * `exclude` setting adds to this list, it cannot remove from it.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '.env*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'id_dsa*',
  'id_ecdsa*',
  'id_ed25519*',
  '.git/',
  'secrets.*',
  'credentials*',
  '.git-credentials',
  '.npmrc',
  '.netrc',
  '.pgpass',
  '.pypirc',
  // Credentials and histories under a home directory (a workspace folder at ~ or /).
  '.ssh/',
  '.aws/',
  '.kube/',
  '.docker/',
  '.gnupg/',
  '.password-store/',
  '.config/gh/',
  '.config/gcloud/',
  '.azure/',
  '*_history',
  '.histfile',
  '.lesshst',
  '.viminfo',
  '.vault-token',
  '.terraformrc',
  'credentials.tfrc.json',
  'kubeconfig',
  'npmrc',
  '*.kdbx',
  // System account databases (a workspace folder at /).
  'shadow',
  'shadow-',
  'gshadow',
  'gshadow-',
  'passwd-',
  'master.passwd',
];

interface CompiledPattern {
  regex: RegExp;
  /** No '/' inside: tested against single path segments (gitignore semantics). */
  segment: boolean;
  /** Ends with '/': only directories match, i.e. the path must continue below the match. */
  dirOnly: boolean;
  /** Starts with '/': only from the workspace root. */
  anchored: boolean;
}

export type ExclusionMatcher = (uriOrPath: string) => boolean;

/**
 * A predicate over file:// URIs or paths. Pattern rules (case-insensitive, so `.ENV` and `Secrets.json` match too):
 * - without '/' (`*.pem`): matches the file name, or any folder name inside the workspace (`secrets.d/x`);
 *   outside every workspace folder only the file name is tested, so a checkout at `~/credentials-service/`
 *   is not excluded wholesale;
 * - ending in '/' (`.git/`): matches anything below such a folder;
 * - with '/' elsewhere (`config/*.yaml`, `**\/private/**`): matched against the workspace-relative path, and
 *   also against any tail of it (so `config/x` excludes `sub/config/x` too — wider on purpose); a leading '/'
 *   anchors to the workspace root.
 * Glob syntax: see glob.ts. Blank patterns and `#` comments are ignored; `!` negation is not supported.
 */
export function createExclusionMatcher(
  extraGlobs: readonly string[],
  workspaceFolders: readonly string[] = [],
): ExclusionMatcher {
  const patterns = [...DEFAULT_EXCLUDES, ...extraGlobs]
    .map(compilePattern)
    .filter((p): p is CompiledPattern => p !== undefined);
  // Asked for every open document on every completion: remember answers (bounded).
  const memo = new Map<string, boolean>();
  return (uriOrPath: string): boolean => {
    const hit = memo.get(uriOrPath);
    if (hit !== undefined) return hit;
    const result = matches(patterns, uriOrPath, workspaceFolders);
    if (memo.size >= 4096) memo.clear();
    memo.set(uriOrPath, result);
    return result;
  };
}

function compilePattern(raw: string): CompiledPattern | undefined {
  let p = raw.trim().replace(/\\(?=[^*?[\]{},\\])/g, '/'); // Windows separators; keep glob escapes
  if (p === '' || p.startsWith('#')) return undefined;
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.startsWith('/');
  if (anchored) p = p.replace(/^\/+/, '');
  if (p === '') return undefined;
  return { regex: globToRegExp(p, 'i'), segment: !p.includes('/') && !anchored, dirOnly, anchored };
}

function matches(
  patterns: readonly CompiledPattern[],
  uriOrPath: string,
  workspaceFolders: readonly string[],
): boolean {
  const rel = workspaceRelative(uriOrPath, workspaceFolders);
  const segments = (rel ?? toSlashPath(uriOrPath)).split('/').filter((s) => s !== '');
  if (segments.length === 0) return false;
  const last = segments.length - 1;
  for (const pat of patterns) {
    if (pat.segment) {
      // Folder names count only inside the workspace; file names always.
      const from = pat.dirOnly || rel !== undefined ? 0 : last;
      const to = pat.dirOnly ? last - 1 : last;
      for (let i = from; i <= to; i++) if (pat.regex.test(segments[i])) return true;
      continue;
    }
    // Sub-paths segments[i..j]: j < last for folders only; i = 0 when anchored.
    const maxEnd = pat.dirOnly ? last - 1 : last;
    for (let j = 0; j <= maxEnd; j++) {
      const starts = pat.anchored ? 1 : j + 1;
      for (let i = 0; i < starts; i++) {
        if (pat.regex.test(segments.slice(i, j + 1).join('/'))) return true;
      }
    }
  }
  return false;
}
