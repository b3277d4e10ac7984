/**
 * A throw-away workspace on disk with canary secrets planted in ordinary files and excluded files,
 * and the checks that none of them reaches a model.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RecordedRequest } from '../support/openai-server';

/** The secret parts of each canary (prefixes such as `AKIA`, `ghp_`, `sk-proj-` are not secret and may stay). */
export const CANARY = {
  aws: 'Q7WZ2X4C6V8B1N3M',
  github: 'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5',
  openai: 'Tq8Zr4Lm2Nx6Vb0Kc7Hy3Wd9Fs5Gp1Jt',
  password: 'Hunter2-Canary-Pw-8841',
  pem1: 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM2Wq8XOk1Rv5Jx9Tq3Lb7Yp0Nc4Fd',
  pem2: 'Gh6Jk8Lm0Np2Qr4St6Uv8Wx0Yz2Ab4Cd6Ef8Gh0Ij2Kl4Mn6Op8Qr0St2Uv4Wx6',
  pem3: 'Yz8Ab0Cd2Ef4Gh6Ij8Kl0Mn2Op4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0Gh2Ij4Kl6Mn8',
} as const;

/** Whole-file markers of excluded files: no byte of those files may reach a model. */
export const EXCLUDED_MARKER = {
  env: 'ENV_ONLY_MARKER_7c1',
  yaml: 'YAML_SECRET_MARKER_9d2',
  privateGlob: 'PRIVATE_HELPER_MARKER_4e8',
  idRsa: 'Ab8Cd0Ef2Gh4Ij6Kl8Mn0Op2Qr4St6Uv8Wx0Yz2Ab4Cd6Ef8Gh0Ij2Kl4Mn6Op8',
} as const;

export const PEM = `-----BEGIN RSA PRIVATE KEY-----\n${CANARY.pem1}\n${CANARY.pem2}\n${CANARY.pem3}\n-----END RSA PRIVATE KEY-----`;

/** The current file: canaries a few lines above ordinary code, the cursor at the end of `result = `. */
export const APP_PY = `import os
from util import normalise_widget

AWS_ACCESS_KEY_ID = "AKIA${CANARY.aws}"
GITHUB_TOKEN = "ghp_${CANARY.github}"
client = OpenAI(api_key="sk-proj-${CANARY.openai}")
password = "${CANARY.password}"
DEPLOY_KEY = """${PEM}"""


def ordinary_marker_function(widget):
    cleaned = normalise_widget(widget)
    result = `;

/** Another open file: a definition the current file uses, with canaries inside. */
export const UTIL_PY = `def normalise_widget(widget):
    token = "ghp_${CANARY.github}"
    db_password = "${CANARY.password}"
    return widget.strip().lower()  # util_marker_visible
`;

export interface Workspace {
  root: string;
  uri(rel: string): string;
  /** Relative path → text of every file written. */
  files: Record<string, string>;
  remove(): void;
}

/** Writes the workspace: ordinary files with canaries, and excluded files (built-in and configured). */
export function makeWorkspace(extra: Record<string, string> = {}): Workspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-privacy-'));
  const files: Record<string, string> = {
    'app.py': APP_PY,
    'util.py': UTIL_PY,
    '.env': `OPENAI_API_KEY=sk-proj-${CANARY.openai}\nAWS_SECRET=${CANARY.aws}\n${EXCLUDED_MARKER.env}=1\n`,
    id_rsa: `-----BEGIN OPENSSH PRIVATE KEY-----\n${EXCLUDED_MARKER.idRsa}\n${CANARY.pem2}\n-----END OPENSSH PRIVATE KEY-----\n`,
    'config/secrets.yml': `production:\n  db_password: ${CANARY.password}\n  marker: ${EXCLUDED_MARKER.yaml}\n`,
    'private/helpers.py': `def private_helper():\n    return "${EXCLUDED_MARKER.privateGlob}"\n`,
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return {
    root,
    files,
    uri: (rel) => pathToFileURL(path.join(root, rel)).href,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Every string that must never appear in what a model receives. */
export function forbidden(): string[] {
  return [...Object.values(CANARY), ...Object.values(EXCLUDED_MARKER)];
}

/** Leaks of any forbidden string, or of any 12-character piece of one, in the recorded model requests. */
export function leaks(requests: readonly RecordedRequest[], needles: readonly string[] = forbidden()): string[] {
  const out: string[] = [];
  for (const r of requests) {
    const sent = `${r.path} ${JSON.stringify(r.body)}`;
    for (const n of needles) {
      for (let i = 0; i + 12 <= n.length; i += 4) {
        if (sent.includes(n.slice(i, i + 12))) {
          out.push(
            `${r.path}: ${JSON.stringify(n.slice(i, i + 12))} (from ${n.slice(0, 16)}…) in ${JSON.stringify(sent.slice(Math.max(0, sent.indexOf(n.slice(i, i + 12)) - 60), sent.indexOf(n.slice(i, i + 12)) + 40))}`,
          );
          break;
        }
      }
    }
  }
  return out;
}

/** Everything the model was sent, as text (prompts and chat messages). */
export function sentText(requests: readonly RecordedRequest[]): string {
  const one = (r: RecordedRequest): string => {
    if (typeof r.body?.prompt === 'string')
      return `${r.body.prompt}${typeof r.body.suffix === 'string' ? r.body.suffix : ''}`;
    if (Array.isArray(r.body?.messages))
      return r.body.messages.map((m: { content?: unknown }) => String(m.content)).join('\n');
    return JSON.stringify(r.body);
  };
  return requests.map(one).join('\n');
}
