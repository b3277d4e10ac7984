/**
 * `arbor-ls demo`: starts the real server as a child process over stdio, as an editor would, opens
 * an example file, asks for completions and code actions at the marked places, and prints what came
 * back with timings. With nothing configured it runs on the embedded offline engine. The server's
 * log goes to a temporary file unless --verbose.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { packageRoot, serverDir } from '../paths';

const MARK = '‸';

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export interface DemoOptions {
  /** Show the server's log on stderr instead of writing it to a file. */
  verbose?: boolean;
}

interface Place {
  /** The file's text with the rest of this mark's line removed: what the user has typed so far. */
  text: string;
  offset: number;
  /** The rest of the line in the file: what a good suggestion writes. */
  expected: string;
}

/** Each ‸ marks a cursor: the demo deletes the rest of its line, asks for a completion there and compares. */
function placesIn(marked: string): { full: string; places: Place[] } {
  const full = marked.split(MARK).join('');
  const places: Place[] = [];
  let removed = 0;
  for (let at = marked.indexOf(MARK); at >= 0; at = marked.indexOf(MARK, at + 1)) {
    const offset = at - removed++;
    const lineEnd = full.indexOf('\n', offset) < 0 ? full.length : full.indexOf('\n', offset);
    places.push({ text: full.slice(0, offset) + full.slice(lineEnd), offset, expected: full.slice(offset, lineEnd) });
  }
  return { full, places };
}

/** Points at the server's log when it holds warnings or errors; removes it otherwise. */
function reportLog(logFile: string, out: (line?: string) => void): void {
  let log = '';
  try {
    log = fs.readFileSync(logFile, 'utf8');
  } catch {
    return;
  }
  const problems = log.split('\n').filter((l) => /"level":"(warn|error|fatal)"/.test(l)).length;
  if (problems)
    out(
      `\nThe server logged ${problems} warning(s) or error(s): ${logFile} (arbor-ls demo --verbose shows its log here).`,
    );
  else fs.rmSync(logFile, { force: true });
}

export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const folder = path.join(packageRoot(), 'server', 'demo', 'workspace');
  const file = path.join(folder, 'square.py');
  const { full, places } = placesIn(fs.readFileSync(file, 'utf8'));
  const uri = pathToFileURL(file).href;

  // The server's log goes to a file unless --verbose: the demo's output is what an editor would show.
  const logFile = path.join(os.tmpdir(), `arbor-ls-demo-${process.pid}.log`);
  const env = options.verbose ? process.env : { ...process.env, ARBOR_LOG_FILE: logFile };
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(serverDir(), 'cli.js'), '--stdio'], {
    env,
    stdio: ['pipe', 'pipe', options.verbose ? 'inherit' : 'pipe'],
  });
  const exited = new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    setTimeout(resolve, 3000).unref();
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  let backendMessage = '';
  const backendChosen = new Promise<void>((resolve) => {
    connection.onNotification('window/logMessage', (p: { message: string }): void => {
      backendMessage = p.message;
      resolve();
    });
  });
  connection.onNotification('window/showMessage', (p: { message: string }): void => {
    out(`  [server says] ${p.message}`);
  });
  // Background indexing announces itself with work-done progress; the demo waits for it to end.
  const indexing = new Set<unknown>();
  let indexingBegun = false;
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', (p: { token: unknown; value?: { kind?: string } }): void => {
    if (p.value?.kind === 'begin') {
      indexing.add(p.token);
      indexingBegun = true;
    } else if (p.value?.kind === 'end') indexing.delete(p.token);
  });
  connection.onRequest('workspace/configuration', () => [null]);
  connection.listen();

  try {
    const init = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'demo' }],
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        window: { workDoneProgress: true },
        textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } },
      },
    });
    const initMs = performance.now() - started;
    await connection.sendNotification('initialized', {});
    out(
      `arbor-ls ${(init as { serverInfo?: { version?: string } }).serverInfo?.version ?? ''}: initialize answered in ${initMs.toFixed(0)} ms`,
    );
    await Promise.race([backendChosen, new Promise((r) => setTimeout(r, 5000))]);
    out(backendMessage || '(no backend message)');
    let version = 1;
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version, text: full },
    });
    // The offline engine indexes the workspace in the background: wait until what began has ended
    // (at least 500 ms for it to begin, at most 15 s on a loaded machine).
    const opened = performance.now();
    while (
      performance.now() - opened < 15_000 &&
      (indexing.size > 0 || (!indexingBegun && performance.now() - opened < 500))
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }

    out(`\nCompletions in ${path.relative(process.cwd(), file) || file}, with the rest of each marked line deleted:`);
    let matched = 0;
    for (const place of places) {
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ text: place.text }],
      });
      const pos = positionOf(place.text, place.offset);
      const line = place.text.split('\n')[pos.line];
      const t = performance.now();
      const list = (await connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: pos,
      })) as { items: Array<{ textEdit?: { newText: string } }> } | null;
      const ms = performance.now() - t;
      const item = list?.items[0]?.textEdit?.newText;
      // newText starts at the typed word's start; what is new is the part after the typed word.
      const word = /[A-Za-z_][A-Za-z0-9_]*$/.exec(line.slice(0, pos.character))?.[0] ?? '';
      const suggestion = item === undefined ? undefined : item.startsWith(word) ? item.slice(word.length) : item;
      const same = suggestion === place.expected;
      if (same) matched++;
      out(`  line ${pos.line + 1}: ${JSON.stringify(`${line.slice(0, pos.character)}‸`)}`);
      out(
        `    → ${suggestion === undefined ? '(no suggestion)' : JSON.stringify(suggestion)}   [${ms.toFixed(1)} ms]${same ? '   = the file' : `   (the file has ${JSON.stringify(place.expected)})`}`,
      );
    }
    out(`  ${matched} of ${places.length} suggestions are what the file has.`);
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ text: full }],
    });

    if (!(init as { capabilities: { codeActionProvider?: unknown } }).capabilities.codeActionProvider) {
      out('\nCode actions: not offered by this build.');
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return 0;
    }
    const fn = full.indexOf('def perimeter');
    const t = performance.now();
    const actions = (await connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: positionOf(full, fn), end: positionOf(full, fn) },
      context: { diagnostics: [] },
    })) as Array<{ title: string; kind?: string }> | null;
    out(`\nCode actions on "perimeter" [${(performance.now() - t).toFixed(1)} ms]:`);
    for (const a of actions ?? []) out(`  - ${a.title}${a.kind ? `  (${a.kind})` : ''}`);
    if (!actions?.length) out('  (none)');
    out(
      '\nCode actions run through a chat-capable model (set backend.preset, see README); the offline engine only completes code.',
    );

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    await exited;
    if (!options.verbose) reportLog(logFile, out);
    return 0;
  } catch (err) {
    out(`demo failed: ${(err as Error).message}`);
    if (stderr) out(stderr.trimEnd());
    if (!options.verbose) out(`Server log: ${logFile}`);
    child.kill();
    return 1;
  } finally {
    connection.dispose();
  }
}
