import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelInput } from '../../server/model/input';
import { redactModelInput, redactSecrets } from '../../server/privacy/redact';
import { CANARY, canaryFragments, privateKeyBlock } from './canaries';

function assertNoCanary(text: string): void {
  for (const fragment of canaryFragments()) assert.ok(!text.includes(fragment), `leaked ${fragment} in:\n${text}`);
}

function assertShape(before: string, after: string): void {
  assert.equal(after.length, before.length, 'offsets preserved');
  assert.deepEqual(lineBreaks(after), lineBreaks(before), 'line structure preserved');
}

function lineBreaks(s: string): number[] {
  return [...s.matchAll(/\r?\n/g)].map((m) => m.index);
}

describe('redactSecrets: what it catches', () => {
  const cases: { name: string; text: string; kept: string[]; hint?: { path?: string; languageId?: string } }[] = [
    {
      name: 'private key block',
      text: `KEY = """${privateKeyBlock()}"""\nx = 1\n`,
      kept: ['KEY = """-----BEGIN RSA PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----"""', 'x = 1'],
    },
    { name: 'OpenSSH key block', text: privateKeyBlock('OPENSSH '), kept: ['-----BEGIN OPENSSH PRIVATE KEY-----'] },
    {
      name: 'key block in a JSON string with \\n escapes',
      text: `{"private_key": "${privateKeyBlock('').replace(/\n/g, '\\n')}\\n"}`,
      kept: ['{"private_key": "-----BEGIN PRIVATE KEY-----\\n'],
    },
    { name: 'AWS access key id', text: `aws_access_key_id = ${CANARY.awsKeyId}\n`, kept: ['aws_access_key_id = AKIA'] },
    {
      name: 'AWS secret in an assignment',
      text: `aws_secret_access_key = "${CANARY.awsSecret}"\n`,
      kept: ['aws_secret_access_key = "'],
    },
    {
      name: 'AWS secret in an ini file',
      text: `[default]\naws_secret_access_key = ${CANARY.awsSecret}\n`,
      kept: ['[default]', 'aws_secret_access_key = '],
      hint: { path: 'config.ini' },
    },
    { name: 'GitHub classic token', text: `const t = '${CANARY.github}';`, kept: ["const t = 'ghp_", "';"] },
    { name: 'GitHub fine-grained token', text: `GH=${CANARY.githubPat}`, kept: ['GH=github_pat_'] },
    {
      name: 'OpenAI project key',
      text: `client = OpenAI(api_key="${CANARY.openai}")`,
      kept: ['client = OpenAI(api_key="sk-proj-', '")'],
    },
    { name: 'OpenAI key alone', text: `key: ${CANARY.openai}`, kept: ['key: sk-proj-'] },
    { name: 'Slack token', text: `SLACK = "${CANARY.slack}"`, kept: ['SLACK = "xoxb-'] },
    {
      name: 'JWT',
      text: `headers = {"Authorization": "Bearer ${CANARY.jwt}"}`,
      kept: ['headers = {"Authorization": "Bearer ', '"}'],
    },
    { name: 'password assignment (Python)', text: `password = "${CANARY.password}"\n`, kept: ['password = "', '"\n'] },
    {
      name: 'password with a type annotation',
      text: `db_password: str = '${CANARY.password}'`,
      kept: ["db_password: str = '"],
    },
    {
      name: 'secret in an object literal',
      text: `const cfg = { secret: '${CANARY.password}', port: 80 };`,
      kept: ["const cfg = { secret: '", "', port: 80 };"],
    },
    { name: 'JSON key', text: `{ "apiKey": "${CANARY.password}" }`, kept: ['{ "apiKey": "', '" }'] },
    { name: 'Go short declaration', text: `clientSecret := "${CANARY.password}"`, kept: ['clientSecret := "'] },
    { name: 'PHP array', text: `'password' => '${CANARY.password}',`, kept: ["'password' => '"] },
    {
      name: 'env file',
      text: `DB_HOST=localhost\nDB_PASSWORD=${CANARY.password}\n`,
      kept: ['DB_HOST=localhost', 'DB_PASSWORD='],
      hint: { path: '/w/.env.local' },
    },
    { name: 'env-style line in code', text: `API_KEY=${CANARY.password}x9\n`, kept: ['API_KEY='] },
    {
      name: 'YAML',
      text: `db:\n  user: app\n  password: ${CANARY.password}  # prod\n`,
      kept: ['  user: app', '  password: ', '  # prod'],
      hint: { languageId: 'yaml' },
    },
    {
      name: 'token assignment with a real-looking value',
      text: `auth_token = "${CANARY.password}42x"`,
      kept: ['auth_token = "'],
    },
    {
      name: 'XML element',
      text: `<server><password>${CANARY.password}</password></server>`,
      kept: ['<server><password>', '</password></server>'],
    },
    {
      name: 'URL credentials',
      text: `DATABASE_URL = "postgres://app:${CANARY.password}@db:5432/app"`,
      kept: ['postgres://app:', '@db:5432/app"'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = redactSecrets(c.text, c.hint);
      assert.ok(out.count >= 1, 'counted');
      assertNoCanary(out.text);
      assertShape(c.text, out.text);
      for (const k of c.kept)
        assert.ok(out.text.includes(k), `kept ${JSON.stringify(k)} in ${JSON.stringify(out.text)}`);
    });
  }
});

describe('redactSecrets: ordinary code is untouched', () => {
  const code = [
    'password_field = form.get("password")',
    'token = lexer.next()',
    'token = self.tokens[0]',
    'if password == "":',
    'password = getpass.getpass("Password: ")',
    'const password = req.body.password;',
    'let apiKey = process.env.OPENAI_API_KEY;',
    'api_key = os.environ["API_KEY"]',
    'password = "${DB_PASSWORD}"',
    'secret: "{{ vault.secret }}"',
    'pad_token = "<pad>"',
    'sep_token = "[SEP]"',
    'eos_token = "</s>"',
    'next_token = "EOF"',
    'token_type = "Bearer"',
    'PASSWORD_KEY = "password"',
    'label = "Enter your password"',
    'password_hint = "At least 8 characters"',
    'const PASSWORD_MIN = 8;',
    'key = "name"',
    'sort_key = "created_at"',
    'TOKEN=next_token',
    'class TokenStream:',
    'def check_password(self, password: str) -> bool:',
    '<input type="password" name="password" value="">',
    'ws.send(JSON.stringify({ type: "token", value: t }))',
    'import { sk_button } from "./sk-button-primary-large-variant";',
    '.sk-button-primary-large-variant { color: red }',
    'AKIA = "prefix"  # not a key: too short',
    'url = "https://example.com/path:8080@"',
    'password: user.password,',
    'assert hashed != password',
    'INPUT_PASSWORD = "password"',
    'csrf_token = "token"',
  ].join('\n');
  it('leaves every line as it was', () => {
    const out = redactSecrets(code);
    assert.equal(out.text, code);
    assert.equal(out.count, 0);
  });
  it('leaves code untouched in config mode too when values are references', () => {
    const yaml = 'password: ${DB_PASSWORD}\ntoken: !vault secret/path\nsecret: {{ x }}\nname: app\n';
    const out = redactSecrets(yaml, { languageId: 'yaml' });
    assert.equal(out.text.split('\n')[0], 'password: ${DB_PASSWORD}');
    assert.equal(out.text.split('\n')[3], 'name: app');
  });
});

describe('redactSecrets: cut text', () => {
  const block = privateKeyBlock();
  it('masks key lines after a BEGIN whose END is beyond the text (a prefix ending inside a key)', () => {
    const cut = `x = 1\n${block.slice(0, block.indexOf('CanaryL2') - 5)}`;
    const out = redactSecrets(cut);
    assertNoCanary(out.text);
    assert.ok(out.text.startsWith('x = 1\n-----BEGIN RSA PRIVATE KEY-----\n'));
    assertShape(cut, out.text);
  });
  it('masks key lines before an END whose BEGIN is before the text (a suffix starting inside a key)', () => {
    const cut = `${block.slice(block.indexOf('CanaryKeyLine1') - 3)}\nprint("done")\n`;
    const out = redactSecrets(cut);
    assertNoCanary(out.text);
    assert.ok(out.text.endsWith('-----END RSA PRIVATE KEY-----\nprint("done")\n'));
  });
  it('masks a block of long base64 lines with no markers at all', () => {
    const out = redactSecrets(`${CANARY.keyBody.slice(0, 2).join('\n')}\n`);
    assertNoCanary(out.text);
  });
  it('stops at ordinary code after a cut-off BEGIN', () => {
    const text = 'if line.startswith("-----BEGIN PRIVATE KEY-----"):\n    parse(line)\n';
    assert.equal(redactSecrets(text).text, text);
  });
  it('masks a quoted secret cut by the end of the text', () => {
    const out = redactSecrets('password = "hunt');
    assert.equal(out.text, 'password = "****');
  });
  it('masks a token shape cut by the end of the text', () => {
    const out = redactSecrets(`t = "${CANARY.github.slice(0, 20)}`);
    assert.ok(!out.text.includes('Canary0123'), out.text);
  });
});

describe('redactSecrets: placeholders', () => {
  it('masks with * and keeps CRLF line breaks', () => {
    const text = `a = 1\r\npassword = "${CANARY.password}"\r\nb = 2\r\n`;
    const out = redactSecrets(text);
    assert.equal(out.text, `a = 1\r\npassword = "${'*'.repeat(CANARY.password.length)}"\r\nb = 2\r\n`);
    assert.equal(out.count, 1);
  });
  it('counts each secret once even when detectors overlap', () => {
    const out = redactSecrets(`token = "${CANARY.github}"\nsecret = "${CANARY.openai}"\n`);
    assert.equal(out.count, 2);
  });
  it('is idempotent', () => {
    const once = redactSecrets(`password = "${CANARY.password}"\n${privateKeyBlock()}`).text;
    assert.equal(redactSecrets(once).text, once);
  });
});

describe('redactModelInput', () => {
  it('redacts prefix, suffix and every context file of a FIM input', () => {
    const input: ModelInput = {
      kind: 'fim',
      prefix: `import os\npassword = "${CANARY.password}"\nkey = """${privateKeyBlock().slice(0, 80)}`,
      suffix: `${privateKeyBlock().slice(80)}"""\ngh = "${CANARY.github}"\n`,
      filePath: 'app/settings.py',
      languageId: 'python',
      context: [
        { path: 'deploy/.env.example', text: `AWS_SECRET_ACCESS_KEY=${CANARY.awsSecret}\n` },
        { path: 'lib/client.ts', text: `const k = "${CANARY.openai}";\n` },
      ],
    };
    const out = redactModelInput(input);
    assertNoCanary(JSON.stringify(out));
    assert.equal(out.kind, 'fim');
    if (out.kind !== 'fim') return;
    assert.equal(out.filePath, 'app/settings.py');
    assert.deepEqual(
      out.context.map((c) => c.path),
      ['deploy/.env.example', 'lib/client.ts'],
    );
    assert.ok(out.prefix.startsWith('import os\npassword = "'));
  });
  it('redacts chat messages and keeps roles', () => {
    const input: ModelInput = {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You write code.' },
        { role: 'user', content: `Fix: token = "${CANARY.slack}"` },
      ],
    };
    const out = redactModelInput(input);
    assert.equal(out.kind, 'chat');
    if (out.kind !== 'chat') return;
    assert.deepEqual(
      out.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.equal(out.messages[0].content, 'You write code.');
    assertNoCanary(out.messages[1].content);
  });
  it('does not modify its argument', () => {
    const input: ModelInput = {
      kind: 'fim',
      prefix: `password = "${CANARY.password}"`,
      suffix: '',
      filePath: 'a.py',
      languageId: 'python',
      context: [],
    };
    redactModelInput(input);
    assert.ok(input.kind === 'fim' && input.prefix.includes(CANARY.password));
  });
});

describe('private keys at the very start of a text', () => {
  it('finds an END marker on the second line, after an empty first line, without looping forever', () => {
    // keyLinesBefore walked back with lastIndexOf('\n', start - 2): at start 1 that looks at index 0 again.
    const text = '\n-----END RSA PRIVATE KEY-----';
    const redacted = redactSecrets(text);
    assert.equal(redacted.text.length, text.length);
    assert.ok(redacted.count >= 1);
  });
});

describe('a window that starts inside a multi-line value', () => {
  it('masks lone values indented deeper than the line after them (a block scalar or next-line value cut above)', () => {
    const text = `    ${CANARY.password}\n    ${CANARY.password}2\n  host: db.internal\n`;
    const out = redactSecrets(text, { path: 'other.yaml' });
    assertNoCanary(out.text);
    assert.ok(out.text.endsWith('  host: db.internal\n'));
    assert.equal(redactSecrets(out.text, { path: 'other.yaml' }).text, out.text);
  });
  it('leaves code that starts indented alone', () => {
    for (const text of [
      '    return\n  x = 1\n',
      '        self.x = 1\n    def f(self):\n',
      '    <body>\n  y\n',
      '    sys.ps2\nx\n',
    ])
      assert.equal(redactSecrets(text, { path: 'a.py' }).text, text);
  });
});
