/**
 * Protocol fuzzer: random, seeded sequences of didOpen / didChange / didClose / completion /
 * inlineCompletion / codeAction (+ resolve) / $/cancelRequest / didChangeConfiguration against the
 * real server over stdio, with a loopback model that records every prompt.
 *
 * Invariants checked (any failure throws an Error naming the seed and the step):
 * - the server stays alive, stdout carries only frames, and it exits 0 after shutdown/exit;
 * - every request gets exactly one answer (result or an allowed error), within 20 s;
 * - answers are well formed: completion ranges end at the (clamped) cursor on its line, in the
 *   negotiated encoding; inline ranges are empty at the cursor; no lone `\r` in inserted text;
 * - every FIM prompt the model receives is a faithful window of the fuzzer's reference copy
 *   (fim-check.ts);
 * - `arbor/documentState` equals the reference (text and version) after every batch.
 *
 * Used by the short form in protocol.test.ts (part of `npm test`) and by scripts/fuzz.ts (long runs).
 */
import * as fs from 'node:fs';
import { LspClient, type RpcMessage } from '../support/lsp-client';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';
import { checkAgainst, parseStarcoder, type Snapshot } from './fim-check';
import { type Encoding, type Pos, type Range, ReferenceDoc } from './reference-doc';
import { Rng } from './rng';

export interface FuzzOptions {
  seed: number;
  /** Most steps (one protocol message each, roughly). */
  steps: number;
  /** Stops after this long even if steps remain (checked between batches). */
  timeLimitMs?: number;
  /** Position encoding; default: chosen by the seed. */
  encoding?: Encoding;
  /** Largest single insert, in characters (huge inserts are rare). */
  hugeInsertChars?: number;
  /** Progress lines (long runs). */
  log?: (line: string) => void;
  /** Triggers of known bugs not to send, so the run can look for new ones (default: KNOWN_BUGS, the open ones). */
  avoid?: readonly KnownBug[];
}

/**
 * Bugs the fuzzer found in code owned elsewhere, by the name of the trigger a run can avoid (to look
 * for new bugs while one is open). KNOWN_BUGS, avoided by default, are the ones still open: remove
 * an entry once it is fixed. `npm run fuzz -- --hunt` avoids nothing.
 * - `leading-newline` (fixed): server/completion/extent.ts lastNonBlankLine: `text.lastIndexOf('\n', end - 2)`
 *   with end = 1 searches index 0, so text before the cursor line that is just "\n" loops forever
 *   (a python document "\n" with the cursor at 1:0 blocks the server at 100% CPU, no answer ever).
 *   The same pattern in server/syntax/lines.ts and six other places was fixed in 99a1065.
 * - `deep-nesting` (bounded since: queries stop after QUERY_BUDGET_MS; still avoided by default because
 *   such documents make short runs slow): tree-sitter query captures over a deeply nested tree were superlinear and not
 *   time-bounded: server/syntax/blocks.ts isBlockOpener, literals.ts literalAt (via cursor-context.ts)
 *   and server/context/imports.ts run `query.captures` per completion; a document of `{\n` × 20,000
 *   (go or typescript) takes 6-7 s per completion, × 56,000 over 30 s, blocking every other request.
 *   Avoided like `slow-parse` and `deep-tree` (small documents with a grammar).
 * - `slow-parse` (fixed in 99a1065, parses are time-bounded): tree-sitter's error recovery is
 *   superlinear on garbage (107 KB of Go garbage: > 20 s) and the synchronous parse blocked the event
 *   loop; documents are parsed for context too. Avoided by sending huge texts to plain-text documents.
 * - `quadratic-regex` (fixed in 99a1065): server/context/definitions.ts `/[A-Za-z_$][A-Za-z0-9_$]*$/`
 *   over the lines before the cursor (192 KB of `x` then `# gamma0`: minutes). Avoided by keeping
 *   identifier runs in huge inserts short.
 * - `deep-tree` (fixed in 99a1065, nodePathAt walks down): web-tree-sitter `Node.parent` chains on a deep
 *   error-recovery tree faulted with wasm "memory access out of bounds" and corrupted the heap.
 *   Avoided by not asking about documents with a grammar and over 250 lines.
 */
export const AVOIDABLE = ['leading-newline', 'deep-nesting', 'slow-parse', 'quadratic-regex', 'deep-tree'] as const;
export type KnownBug = (typeof AVOIDABLE)[number];
export const KNOWN_BUGS: readonly KnownBug[] = ['deep-nesting'];

export interface FuzzStats {
  seed: number;
  encoding: Encoding;
  steps: number;
  batches: number;
  requests: number;
  answeredWithError: Record<string, number>;
  notifications: number;
  modelRequests: number;
  promptsChecked: number;
  completionItems: number;
  codeActions: boolean;
  ms: number;
}

/** Thrown for any broken invariant; the message starts with the seed so the run can be replayed. */
export class FuzzFailure extends Error {}

const WORDS = [
  'alpha',
  'beta',
  'gamma',
  'delta',
  'value',
  'count',
  'item',
  'node',
  'render',
  'compute',
  'result',
  'index',
  'total',
  'x',
  'y',
  'i',
];
const CODE = [
  ' = ',
  '(',
  ')',
  '()',
  '{',
  '}',
  '[',
  ']',
  ': ',
  ';',
  ', ',
  '.',
  ' ',
  ' ',
  '    ',
  '\t',
  'def ',
  'return ',
  'if ',
  'for ',
  'function ',
  'const ',
  'class ',
  '=> ',
  ' + ',
  '"',
  "'",
  '`',
  '# ',
  '// ',
  '/* ',
  ' */',
  '0',
  '42',
  '3.14',
];
const WIDE = ['😀', '🎉', '👩‍💻', '🇫🇷', '漢字', '日本語', '한국어', 'ç', 'é', 'ß', 'Ω', '€', '𝔘', '\u00a0', '\u200b'];
const BREAKS = ['\n', '\n', '\n', '\r\n', '\r\n', '\r'];
const REPLIES = [
  'foo(bar)',
  ' = compute()',
  'value)',
  '\n    return x\n',
  'render(item) {\n  return 1;\n}',
  '漢字 😀',
  '',
  ' ',
  ')',
  'alpha.beta',
  'x\r\ny',
  'done',
];

const LANGUAGES: ReadonlyArray<readonly [string, string, boolean]> = [
  // languageId, extension, strict prefix check (no header/imports/scopes can be added)
  ['plaintext', 'txt', true],
  ['plaintext', 'txt', true],
  ['python', 'py', false],
  ['typescript', 'ts', false],
  ['javascript', 'js', false],
  ['go', 'go', false],
];

interface Pending {
  id: number;
  method: string;
  promise: Promise<RpcMessage>;
  /** What an answer may be. */
  expect: 'ok' | 'maybe-error';
  /** For completion answers: the cursor the range must end at (client units). */
  cursor?: Pos;
  step: number;
  cancelled?: boolean;
  /** The document as the request found it, and every open document then (for the failure dump). */
  doc?: {
    uri: string;
    languageId: string;
    text: string;
    params: unknown;
    open: Array<{ uri: string; languageId: string; text: string }>;
  };
}

const ALLOWED_ERRORS = new Set([-32800, -32802, -32801]); // RequestCancelled, ServerCancelled, ContentModified

/** With ARBOR_FUZZ_DUMP=<file>, what a failure was about (the prompt and candidates, or the request and its document) is written there. */
function dump(what: unknown): void {
  if (process.env.ARBOR_FUZZ_DUMP) fs.writeFileSync(process.env.ARBOR_FUZZ_DUMP, JSON.stringify(what, null, 1));
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const rng = new Rng(options.seed);
  const replyRng = new Rng(options.seed ^ 0x5eed);
  const encoding: Encoding = options.encoding ?? rng.pick(['utf-8', 'utf-16', 'utf-32'] as const);
  const hugeMax = options.hugeInsertChars ?? 200_000;
  const avoid = new Set<KnownBug>(options.avoid ?? KNOWN_BUGS);
  /** Whether asking about `doc` now would only hit a known open bug. */
  const knownTrigger = (doc: ReferenceDoc): boolean =>
    (avoid.has('leading-newline') && doc.text.startsWith('\n')) ||
    ((avoid.has('deep-tree') || avoid.has('deep-nesting')) && doc.languageId !== 'plaintext' && doc.lineCount > 250);
  const started = Date.now();
  const log = options.log ?? (() => {});
  const stats: FuzzStats = {
    seed: options.seed,
    encoding,
    steps: 0,
    batches: 0,
    requests: 0,
    answeredWithError: {},
    notifications: 0,
    modelRequests: 0,
    promptsChecked: 0,
    completionItems: 0,
    codeActions: false,
    ms: 0,
  };
  let step = 0;
  /** The last messages sent, shown on failure. */
  const trail: string[] = [];
  const remember = (line: string): void => {
    trail.push(`#${step} ${line.length > 300 ? `${line.slice(0, 300)}…(${line.length} chars)` : line}`);
    if (trail.length > 25) trail.shift();
  };
  const fail = (what: string): never => {
    throw new FuzzFailure(
      `fuzz seed=${options.seed} encoding=${encoding} step=${step}: ${what}\nlast messages sent:\n  ${trail.join('\n  ')}`,
    );
  };

  // Snapshots of the reference at each completion request, for the current and the two previous batches.
  let snapshots: Snapshot[][] = [[], [], []];
  const promptProblems: string[] = [];
  const checkPrompt = (body: any): void => {
    stats.modelRequests++;
    // Code actions send instructions (as chat messages, or as a plain prompt with api `completions`).
    if (typeof body?.prompt !== 'string' || !body.prompt.includes('<fim_prefix>')) return;
    const parts = parseStarcoder(body.prompt);
    if (!parts) {
      promptProblems.push(`not a starcoder FIM prompt: ${JSON.stringify(body.prompt.slice(0, 200))}`);
      return;
    }
    stats.promptsChecked++;
    const all = snapshots.flat();
    const problems: string[] = [];
    for (const snap of all) {
      const problem = checkAgainst(parts, snap);
      if (problem === undefined) return;
      problems.push(`${snap.uri}: ${problem}`);
    }
    promptProblems.push(
      `a prompt matches no completion request sent (${all.length} candidates):\n  ${problems.slice(-6).join('\n  ')}`,
    );
    dump({ prompt: body.prompt, parts, snapshots: all });
  };

  const srv: OpenAITestServer = await startOpenAIServer({ models: ['starcoder2-3b'] });
  srv.respond({
    text: (body: any) => {
      checkPrompt(body);
      return replyRng.pick(REPLIES);
    },
  });
  let applyEdits = 0;
  const client = new LspClient({
    env: { ARBOR_LOG_LEVEL: 'warn' },
    // workspace/applyEdit: a proper answer, a refusal, or (a sloppy client) null; anything else: null.
    onRequest: (method) =>
      method === 'workspace/applyEdit'
        ? [{ applied: true }, { applied: false, failureReason: 'fuzz' }, null][applyEdits++ % 3]
        : null,
  });
  const docs = new Map<string, ReferenceDoc>();
  const strictByUri = new Map<string, boolean>();
  const pending: Pending[] = [];
  const answered = new Map<number, RpcMessage>();
  let codeActions = false;
  const resolvable: Array<{ action: any; uri: string }> = [];

  const send = (method: string, params: unknown, expect: Pending['expect'], cursor?: Pos): Pending => {
    const promise = client.request(method, params, 20_000);
    remember(`${method} id=${promise.id} ${JSON.stringify(params)}`);
    const p: Pending = { id: promise.id, method, promise, expect, cursor, step };
    stats.requests++;
    pending.push(p);
    return p;
  };
  const notify = (method: string, params: unknown): void => {
    stats.notifications++;
    remember(`${method} ${JSON.stringify(params)}`);
    client.notify(method, params);
  };

  try {
    const init = await client.initialize(
      {
        general: { positionEncodings: [encoding] },
        textDocument: {
          inlineCompletion: {},
          completion: { completionItem: { snippetSupport: false } },
          codeAction: {
            codeActionLiteralSupport: {
              codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] },
            },
            resolveSupport: { properties: ['edit'] },
            dataSupport: true,
          },
        },
        workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
      },
      {
        initializationOptions: {
          arbor: {
            backend: {
              kind: 'openai',
              baseURL: srv.url,
              model: 'starcoder2-3b',
              api: 'completions',
              fim: 'starcoder',
              timeoutMs: 2000,
            },
            completion: { debounceMs: 0 },
          },
        },
      },
    );
    if (init.capabilities.positionEncoding !== encoding)
      fail(`negotiated ${init.capabilities.positionEncoding}, asked for ${encoding}`);
    codeActions = init.capabilities.codeActionProvider !== undefined;
    stats.codeActions = codeActions;
    await client.waitFor(
      (m) => m.method === 'window/logMessage' && /starcoder2-3b/.test(m.params?.message ?? ''),
      10_000,
      'backend chosen',
    );

    // ---- random content ------------------------------------------------------------------
    const piece = (): string =>
      rng.weighted<() => string>([
        [6, () => rng.pick(WORDS)],
        [6, () => rng.pick(CODE)],
        [2, () => rng.pick(WIDE)],
        [2, () => rng.pick(BREAKS)],
      ])();
    const randomText = (maxPieces: number): string => {
      let s = '';
      for (let n = rng.int(0, maxPieces); n > 0; n--) s += piece();
      return s;
    };
    const WELL_FORMED = [
      'value = compute(item, "漢字 😀")\n',
      'value = compute(item, "漢字 😀")\r\n',
      'total = alpha + beta  # é\n',
    ];
    const hugeText = (): string => {
      const target = rng.int(hugeMax / 4, hugeMax);
      const line = rng.chance(0.3);
      let garbage = line ? randomText(20).replace(/[\r\n]/g, ' ') || 'x' : `${randomText(12)}\n`;
      if (avoid.has('quadratic-regex') && line) garbage += ' ';
      const unit = line || !avoid.has('slow-parse') ? garbage : rng.pick(WELL_FORMED);
      let s = '';
      while (s.length < target) s += unit;
      return s;
    };
    const newUri = (): string => {
      const [languageId, ext, strict] = rng.pick(LANGUAGES);
      const uri = `file:///fuzz/doc${rng.int(0, 5)}.${ext}`;
      strictByUri.set(uri, strict);
      return `${uri}#${languageId}`;
    };

    /** A position on a code point boundary (client units), often at the end of a line. */
    const randomPos = (doc: ReferenceDoc, atLineEnd: number): Pos => {
      const line = rng.int(0, doc.lineCount - 1);
      const [s, e] = doc.lineSpan(line);
      let off: number;
      if (rng.chance(atLineEnd)) off = e;
      else if (rng.chance(0.15)) off = s;
      else {
        off = rng.int(s, e);
        const c = doc.text.charCodeAt(off);
        if (off > s && off < e && c >= 0xdc00 && c <= 0xdfff) off--; // not inside a surrogate pair
      }
      return doc.positionOf(off, encoding);
    };
    const randomRange = (doc: ReferenceDoc): Range => {
      const a = randomPos(doc, 0.2);
      if (rng.chance(0.4)) return { start: a, end: a }; // insertion
      if (rng.chance(0.1)) return { start: { line: 0, character: 0 }, end: doc.positionOf(doc.text.length, encoding) }; // all
      let b = rng.chance(0.7)
        ? { line: Math.min(doc.lineCount - 1, a.line + rng.int(0, 2)), character: rng.int(0, 12) }
        : randomPos(doc, 0.3);
      // Within its line, move b to a code point boundary (a client never splits a surrogate pair);
      // past the line's end it stays as sent.
      if (b.character <= doc.positionOf(doc.lineSpan(b.line)[1], encoding).character)
        b = doc.positionOf(doc.offsetOf(b, encoding), encoding);
      const ordered =
        doc.offsetOf(a, encoding) <= doc.offsetOf(b, encoding) ? { start: a, end: b } : { start: b, end: a };
      // b may be a column past its line's end: LSP clamps it to the line end; a rare reversed range tests normalisation.
      return rng.chance(0.03) ? { start: ordered.end, end: ordered.start } : ordered;
    };

    /**
     * Huge texts go to plain-text documents only while `slow-parse` is avoided: every open document
     * with a grammar is parsed for context whenever any document asks for a completion.
     */
    const huge = (languageId: string): string =>
      (avoid.has('slow-parse') || avoid.has('deep-nesting')) && languageId !== 'plaintext'
        ? randomText(200)
        : hugeText();
    const openDocs = () => [...docs.values()];

    // ---- one step ------------------------------------------------------------------------
    const actions: ReadonlyArray<readonly [number, () => void]> = [
      [
        5,
        () => {
          const [uri, languageId] = newUri().split('#');
          const text = rng.chance(0.05) ? huge(languageId) : randomText(rng.pick([0, 5, 40, 200]));
          const version = rng.int(0, 3);
          docs.set(uri, new ReferenceDoc(uri, languageId, version, text));
          notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
        },
      ],
      [
        30,
        () => {
          const doc = rng.pick(openDocs());
          if (!doc) return;
          const changes: unknown[] = [];
          for (
            let n = rng.weighted([
              [8, 1],
              [2, 2],
              [1, 4],
            ] as const);
            n > 0;
            n--
          ) {
            if (rng.chance(0.04)) {
              const text = rng.chance(0.3) ? huge(doc.languageId) : randomText(60);
              doc.apply(undefined, text, encoding);
              changes.push({ text });
              continue;
            }
            const range = randomRange(doc);
            const text = rng.chance(0.02)
              ? huge(doc.languageId)
              : rng.chance(0.3)
                ? ''
                : randomText(rng.pick([1, 3, 10, 40]));
            doc.apply(range, text, encoding);
            changes.push({ range, text });
          }
          doc.version += rng.int(1, 2);
          notify('textDocument/didChange', {
            textDocument: { uri: doc.uri, version: doc.version },
            contentChanges: changes,
          });
        },
      ],
      [
        3,
        () => {
          const doc = rng.pick(openDocs());
          if (!doc) return;
          docs.delete(doc.uri);
          notify('textDocument/didClose', { textDocument: { uri: doc.uri } });
        },
      ],
      [20, () => requestCompletion('textDocument/completion')],
      [12, () => requestCompletion('textDocument/inlineCompletion')],
      [
        5,
        () => {
          // Every draw is made whatever the answers so far, so a seed replays the same messages.
          const open = pending.filter((p) => !answered.has(p.id) && !p.cancelled);
          const [known, which, unknown] = [rng.chance(0.85), rng.next(), rng.int(1, 100_000)];
          const id = open.length > 0 && known ? open[Math.floor(which * open.length)].id : unknown;
          const target = pending.find((p) => p.id === id);
          if (target) target.cancelled = true;
          notify('$/cancelRequest', { id });
        },
      ],
      [3, () => changeConfiguration()],
      [
        codeActions ? 6 : 0,
        () => {
          const [resolve, which, viaCommand] = [rng.chance(0.3), rng.next(), rng.chance(0.3)];
          if (resolvable.length > 0 && resolve) {
            const { action, uri } = resolvable.splice(Math.floor(which * resolvable.length), 1)[0];
            const target = docs.get(uri);
            if (target && knownTrigger(target)) return;
            // Clients without resolve support run the command instead (then the server asks workspace/applyEdit).
            if (viaCommand)
              send(
                'workspace/executeCommand',
                { command: 'arbor.applyAction', arguments: [action.data] },
                docs.has(uri) ? 'ok' : 'maybe-error',
              );
            else send('codeAction/resolve', action, docs.has(uri) ? 'ok' : 'maybe-error');
            return;
          }
          const doc = rng.pick(openDocs());
          if (!doc || knownTrigger(doc)) return;
          const range = randomRange(doc);
          const context: Record<string, unknown> = { diagnostics: [], triggerKind: rng.pick([1, 2]) };
          if (rng.chance(0.3)) context.only = [rng.pick(['quickfix', 'refactor', 'source', 'refactor.rewrite'])];
          send('textDocument/codeAction', { textDocument: { uri: doc.uri }, range, context }, 'ok');
        },
      ],
      [
        2,
        () => {
          // A document that is not open (never, or closed): an error or an empty answer, never a hang.
          send(
            rng.pick(['textDocument/completion', 'textDocument/inlineCompletion']),
            {
              textDocument: { uri: `file:///fuzz/closed${rng.int(0, 3)}.py` },
              position: { line: 0, character: 0 },
              context: { triggerKind: 2 },
            },
            'maybe-error',
          );
        },
      ],
    ];

    function requestCompletion(method: string): void {
      const doc = rng.pick(openDocs());
      if (!doc || knownTrigger(doc)) return;
      let pos = randomPos(doc, 0.75);
      let expect: Pending['expect'] = 'ok';
      const r = rng.next();
      if (r < 0.03) {
        pos = { line: doc.lineCount + rng.int(0, 3), character: 0 }; // line past the end
        expect = 'maybe-error';
      } else if (r < 0.07) {
        pos = { line: pos.line, character: pos.character + rng.int(1, 50) }; // column past the end: clamps
      }
      const offset = doc.offsetOf(pos, encoding);
      const cursor = expect === 'ok' ? doc.positionOf(offset, encoding) : undefined;
      if (expect === 'ok') {
        const batch = snapshots[snapshots.length - 1];
        batch.push({
          uri: doc.uri,
          before: doc.text.slice(0, offset),
          after: doc.text.slice(offset),
          strict: strictByUri.get(doc.uri) ?? false,
        });
      }
      const params: Record<string, unknown> = { textDocument: { uri: doc.uri }, position: pos };
      params.context =
        method === 'textDocument/inlineCompletion'
          ? { triggerKind: rng.pick([1, 2]) }
          : { triggerKind: rng.pick([1, 2]), triggerCharacter: '.' };
      const sent = send(method, params, expect, cursor);
      sent.doc = {
        uri: doc.uri,
        languageId: doc.languageId,
        text: doc.text,
        params,
        open: openDocs().map((d) => ({ uri: d.uri, languageId: d.languageId, text: d.text })),
      };
    }

    function changeConfiguration(): void {
      const completion: Record<string, unknown> = {};
      const valid = rng.chance(0.6);
      if (valid) {
        if (rng.chance(0.5)) completion.debounceMs = rng.pick([0, 0, 5, 30]);
        if (rng.chance(0.4)) completion.contextTokens = rng.pick([64, 200, 1024, 2048, 4096]);
        if (rng.chance(0.3)) completion.multiline = rng.pick(['auto', 'always', 'never']);
        if (rng.chance(0.3)) completion.maxLines = rng.int(1, 50);
        if (rng.chance(0.3)) completion.choices = rng.int(1, 3);
        if (rng.chance(0.1)) completion.enabled = rng.chance(0.5);
      } else {
        const bad = rng.pick<Record<string, unknown>>([
          { debounceMs: 'fast' },
          { debounceMs: -5 },
          { contextTokens: 1e12 },
          { contextTokens: null },
          { multiline: 7 },
          { maxLines: [1, 2] },
          { choices: { n: 2 } },
          { enabled: 'yes' },
          { nosuchkey: true },
        ]);
        Object.assign(completion, bad);
      }
      const settings = rng.weighted<unknown>([
        [6, { arbor: { completion } }],
        [2, { completion }],
        [1, { arbor: 42 }],
        [1, 'nonsense'],
        [1, null],
        [1, { arbor: { exclude: 'notalist' } }],
        [1, { arbor: { log: { level: 'loud' } } }],
      ]);
      notify('workspace/didChangeConfiguration', { settings });
    }

    // ---- batches -------------------------------------------------------------------------
    const deadline = options.timeLimitMs ? started + options.timeLimitMs : Infinity;
    while (step < options.steps && Date.now() < deadline) {
      stats.batches++;
      snapshots = [...snapshots.slice(-2), []];
      const size = Math.min(rng.int(3, 14), options.steps - step);
      const batchStart = pending.length;
      for (let i = 0; i < size; i++, step++) {
        if (docs.size === 0) actions[0][1]();
        else rng.weighted(actions)();
        if (rng.chance(0.15)) await new Promise((r) => setTimeout(r, rng.int(0, 25)));
      }
      stats.steps = step;
      // Every request of the batch is answered exactly once.
      for (const p of pending.slice(batchStart)) {
        let msg: RpcMessage;
        try {
          msg = await p.promise;
        } catch (err) {
          dump({
            unanswered: p,
            openDocs: [...docs.values()].map((d) => ({ uri: d.uri, languageId: d.languageId, text: d.text })),
          });
          fail(
            `${p.method} (id ${p.id}, sent at step ${p.step}) got no answer: ${(err as Error).message.slice(0, 600)}`,
          );
          throw err;
        }
        answered.set(p.id, msg);
        checkAnswer(p, msg);
        p.doc = undefined; // kept only for a failure dump
      }
      if (client.proc.exitCode !== null)
        fail(`server exited with ${client.proc.exitCode}; stderr: ${client.stderr.slice(-2000)}`);
      if (client.framingError) fail(`stdout framing: ${client.framingError}`);
      if (promptProblems.length > 0) fail(promptProblems[0]);
      // The server's copy of each document equals the reference.
      for (const doc of docs.values()) {
        const state = await client.request('arbor/documentState', { uri: doc.uri });
        if (state.error) fail(`arbor/documentState ${doc.uri}: ${state.error.message}`);
        if (state.result.text !== doc.text)
          fail(`document ${doc.uri} differs from the reference: ${describeDiff(state.result.text, doc.text)}`);
        if (state.result.version !== doc.version)
          fail(`document ${doc.uri} version ${state.result.version}, reference ${doc.version}`);
      }
      if (stats.batches % 50 === 0)
        log(
          `seed ${options.seed}: ${step} steps, ${stats.requests} requests, ${stats.promptsChecked} prompts checked, ${Math.round((Date.now() - started) / 1000)} s`,
        );
    }

    function checkAnswer(p: Pending, msg: RpcMessage): void {
      if (msg.error) {
        const code = msg.error.code;
        stats.answeredWithError[code] = (stats.answeredWithError[code] ?? 0) + 1;
        if (ALLOWED_ERRORS.has(code)) return;
        if (code === -32602 && p.expect === 'maybe-error') return;
        if (code === -32602 && (p.method === 'codeAction/resolve' || p.method === 'workspace/executeCommand')) return; // a stale or closed target
        dump({ unanswered: p });
        const logged =
          client.stderr
            .split('\n')
            .filter((l) => /request failed/.test(l))
            .pop() ?? '';
        fail(
          `${p.method} (id ${p.id}, step ${p.step}) answered error ${code}: ${msg.error.message}\nserver log: ${logged.slice(0, 3000)}`,
        );
      }
      const result = msg.result;
      if (p.method === 'textDocument/completion') {
        if (result === null) return;
        if (!Array.isArray(result?.items))
          fail(`completion answer without items: ${JSON.stringify(result).slice(0, 200)}`);
        stats.completionItems += result.items.length;
        for (const item of result.items) {
          const range = item.textEdit?.range;
          if (!range || typeof item.textEdit.newText !== 'string')
            fail(`completion item without textEdit: ${JSON.stringify(item).slice(0, 200)}`);
          if (p.cursor && (range.end.line !== p.cursor.line || range.end.character !== p.cursor.character)) {
            fail(
              `completion range ${JSON.stringify(range)} does not end at the cursor ${JSON.stringify(p.cursor)} (${encoding})`,
            );
          }
          if (range.start.line !== range.end.line || range.start.character > range.end.character)
            fail(`completion range not on one line: ${JSON.stringify(range)}`);
          if (/\r(?!\n)/.test(item.textEdit.newText))
            fail(`lone \\r in completion text ${JSON.stringify(item.textEdit.newText)}`);
        }
      } else if (p.method === 'textDocument/inlineCompletion') {
        if (result === null) return;
        const items = Array.isArray(result) ? result : result?.items;
        if (!Array.isArray(items)) fail(`inline answer without items: ${JSON.stringify(result).slice(0, 200)}`);
        for (const item of items) {
          if (typeof item.insertText !== 'string')
            fail(`inline item without insertText: ${JSON.stringify(item).slice(0, 200)}`);
          if (
            p.cursor &&
            item.range &&
            JSON.stringify(item.range) !== JSON.stringify({ start: p.cursor, end: p.cursor })
          ) {
            fail(
              `inline range ${JSON.stringify(item.range)} is not the cursor ${JSON.stringify(p.cursor)} (${encoding})`,
            );
          }
          if (/\r(?!\n)/.test(item.insertText)) fail(`lone \\r in inline text ${JSON.stringify(item.insertText)}`);
        }
      } else if (p.method === 'textDocument/codeAction') {
        if (result !== null && !Array.isArray(result))
          fail(`codeAction answer is not an array: ${JSON.stringify(result).slice(0, 200)}`);
        for (const action of result ?? []) {
          if (typeof action?.title !== 'string')
            fail(`code action without a title: ${JSON.stringify(action).slice(0, 200)}`);
          if (action.data !== undefined && resolvable.length < 20)
            resolvable.push({ action, uri: action.data?.uri ?? '' });
        }
      }
    }

    // ---- the end: shutdown, exit 0, one answer per id ---------------------------------------
    const code = await client.shutdown();
    if (code !== 0) fail(`exit code ${code} after shutdown/exit; stderr: ${client.stderr.slice(-2000)}`);
    const counts = new Map<number | string, number>();
    for (const m of client.received)
      if (m.method === undefined && m.id !== undefined && m.id !== null) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
    for (const p of pending) {
      const n = counts.get(p.id) ?? 0;
      if (n !== 1) fail(`${p.method} (id ${p.id}) answered ${n} times`);
    }
    if (client.framingError) fail(`stdout framing: ${client.framingError}`);
    if (/request failed/.test(client.stderr))
      fail(
        `the server logged a failed request: ${client.stderr
          .split('\n')
          .find((l) => /request failed/.test(l))
          ?.slice(0, 800)}`,
      );
    stats.ms = Date.now() - started;
    return stats;
  } catch (err) {
    if (err instanceof FuzzFailure) throw err;
    throw new FuzzFailure(
      `fuzz seed=${options.seed} encoding=${encoding} step=${step}: ${(err as Error).stack ?? err}`,
    );
  } finally {
    if (client.proc.exitCode === null) client.proc.kill('SIGKILL');
    await srv.close();
  }
}

function describeDiff(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  return `lengths ${actual.length} vs ${expected.length}, first difference at ${i}: server ${JSON.stringify(actual.slice(Math.max(0, i - 20), i + 40))}, reference ${JSON.stringify(expected.slice(Math.max(0, i - 20), i + 40))}`;
}
