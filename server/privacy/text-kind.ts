import type { TextKind } from './assignments';

/*
 * Whether `key: value` / `key = value` without quotes is a literal (config) or an expression
 * (code). Decided by the language id, then the file name, then the text itself: the same
 * kubeconfig arrives as `yaml`, `kubeconfig` or `plaintext`, `.my.cnf` and `~/.aws/config` as
 * `dosini`, and a chat message carries no language at all.
 */

const CONFIG_EXTENSIONS = new Set([
  '.env',
  '.ini',
  '.cfg',
  '.cnf',
  '.conf',
  '.properties',
  '.yaml',
  '.yml',
  '.toml',
  '.sh',
  '.bash',
  '.zsh',
  '.tfvars',
  '.tf',
  '.hcl',
  '.txt',
  '.envrc',
  '.http',
  '.rest',
  '.service',
  '.netrc',
  '.pgpass',
  '.npmrc',
  '.pypirc',
  '.s3cfg',
  '.kubeconfig',
  '.dockerfile',
  '.containerfile',
]);
const CONFIG_LANGUAGES = new Set([
  'yaml',
  'ini',
  'dosini',
  'properties',
  'java-properties',
  'dotenv',
  'env',
  'shellscript',
  'sh',
  'bash',
  'zsh',
  'fish',
  'dockerfile',
  'toml',
  'plaintext',
  'kubeconfig',
  'helm',
  'terraform',
  'hcl',
  'tfvars',
  'makefile',
  'ssh_config',
  'gitconfig',
  'git-config',
  'nginx',
  'apacheconf',
  'http',
  'systemd',
]);
/** Files with no telling extension that hold settings (~/.kube/config, ~/.aws/credentials, ~/.my.cnf, …). */
const CONFIG_NAMES =
  /^(?:config|kubeconfig|credentials|\.?my\.cnf|\.s3cfg|\.boto|[._]netrc|\.pgpass|\.npmrc|\.yarnrc|\.pypirc|\.git-credentials|\.vault-token|\.databrickscfg|\.dockercfg|\.htpasswd|\.envrc|\.profile|\.bashrc|\.zshrc|makefile|gnumakefile|containerfile|dockerfile(?:\..*)?|\.env(?:\..*)?|.*\.env)$/;

export function textKindOf(hint: { path?: string; languageId?: string } = {}, text?: string): TextKind {
  if (hint.languageId && CONFIG_LANGUAGES.has(hint.languageId.toLowerCase())) return 'config';
  const base = (hint.path ?? '').replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (CONFIG_NAMES.test(base)) return 'config';
  const dot = base.lastIndexOf('.');
  if (dot >= 0 && CONFIG_EXTENSIONS.has(base.slice(dot))) return 'config';
  return text !== undefined && looksLikeConfig(text) ? 'config' : 'code';
}

/** Lines that settings files are made of. */
const CONFIG_LINE =
  /^[ \t]*(?:(?:-[ \t]+)?["']?[\w.@/-]+["']?[ \t]*[:=]|-[ \t]|\[[^\]\n]+\][ \t]*$|(?:export|ENV|ARG|FROM|RUN|COPY|WORKDIR|CMD|ENTRYPOINT|EXPOSE|USER|LABEL)[ \t]|(?:machine|login|password|default)[ \t]|[^:\s]+:(?:\d+|\*):)/;
/** Lines only code has. */
const CODE_LINE =
  /(?:[{(;,]|=>|\)[ \t]*:|\*\/)[ \t]*\r?$|^[ \t]*(?:def|class|function|func|fn|import|from|return|if|for|while|const|let|var|public|private|protected|package|using|#include|async|await|try|catch|else|elif|switch|case|#!)\b/;

/**
 * Whether most lines of `text` are settings and none is code: `key: value`, `key=value`,
 * `[section]`, list items, Dockerfile instructions, .netrc and .pgpass lines. Comments and blank
 * lines do not count. Looks at the first 200 lines.
 */
export function looksLikeConfig(text: string): boolean {
  let config = 0;
  let other = 0;
  let at = 0;
  for (let n = 0; n < 200 && at < text.length; n++) {
    let nl = text.indexOf('\n', at);
    if (nl === -1) nl = text.length;
    const line = text.slice(at, nl);
    at = nl + 1;
    const trimmed = line.trim();
    if (trimmed === '' || /^(?:#|;|\/\/)/.test(trimmed)) continue;
    if (CODE_LINE.test(line)) return false;
    if (CONFIG_LINE.test(line)) config++;
    else other++;
  }
  return config >= 2 && other * 2 <= config;
}
