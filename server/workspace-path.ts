/**
 * URIs and paths as the context and privacy layers need them: '/'-separated, file:// decoded,
 * and relative to the innermost workspace folder when inside one.
 */

/** A file:// URI or a path → a '/'-separated path. Other schemes (untitled:, vscode-notebook:) are kept as given. */
export function toSlashPath(uriOrPath: string): string {
  // Asked for every open document on every completion; parsing a URL costs a few µs each time.
  let p = slashPaths.get(uriOrPath);
  if (p === undefined) {
    if (slashPaths.size >= MAX_SLASH_PATHS) slashPaths.clear();
    slashPaths.set(uriOrPath, (p = convert(uriOrPath)));
  }
  return p;
}

const MAX_SLASH_PATHS = 1024;
const slashPaths = new Map<string, string>();

function convert(uriOrPath: string): string {
  let p = uriOrPath;
  if (/^file:/i.test(p)) {
    try {
      const url = new URL(p);
      p = decodeURIComponent(url.pathname);
      if (url.host && url.host !== 'localhost') p = `//${url.host}${p}`; // UNC share
    } catch {
      p = p.replace(/^file:(\/\/)?/i, '');
    }
    if (/^\/[A-Za-z]:/.test(p)) p = p.slice(1); // /c:/x → c:/x
  }
  p = p.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(p)) p = p[0].toLowerCase() + p.slice(1); // drive letters differ in case between clients
  return p;
}

/** The innermost workspace folder containing the file ('/'-separated), or undefined. */
export function containingFolder(uriOrPath: string, workspaceFolders: readonly string[]): string | undefined {
  const p = toSlashPath(uriOrPath);
  let best: string | undefined;
  for (const folder of workspaceFolders) {
    const root = toSlashPath(folder).replace(/\/+$/, '');
    if (root === '' || !p.startsWith(`${root}/`)) continue;
    if (best === undefined || root.length > best.length) best = root;
  }
  return best;
}

/** The path relative to the innermost workspace folder containing it, or undefined when outside all of them. */
export function workspaceRelative(uriOrPath: string, workspaceFolders: readonly string[]): string | undefined {
  const root = containingFolder(uriOrPath, workspaceFolders);
  return root === undefined ? undefined : toSlashPath(uriOrPath).slice(root.length + 1);
}

/** The repository name FIM templates with repo tokens (Qwen, StarCoder2) are given: the folder's base name. */
export function repositoryName(uriOrPath: string, workspaceFolders: readonly string[]): string | undefined {
  return containingFolder(uriOrPath, workspaceFolders)?.split('/').pop() || undefined;
}

/** What the model is told a file is called: workspace-relative when possible, else the full path. */
export function displayPath(uriOrPath: string, workspaceFolders: readonly string[]): string {
  return workspaceRelative(uriOrPath, workspaceFolders) ?? toSlashPath(uriOrPath);
}
