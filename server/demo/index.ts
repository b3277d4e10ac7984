/**
 * `arbor-ls demo`: starts the real server as a child process over stdio, as an editor would, opens
 * an example file, asks for completions and code actions at the marked places, and prints what came
 * back with timings. With nothing configured it runs on the embedded offline engine.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { packageRoot } from '../paths';

const MARK = '‸';

function positionOf(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export async function runDemo(): Promise<number> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const folder = path.join(packageRoot(), 'server', 'demo', 'workspace');
  const file = path.join(folder, 'square.py');
  const marked = fs.readFileSync(file, 'utf8');
  const parts = marked.split(MARK);
  const marks: number[] = [];
  let text = parts[0];
  for (const part of parts.slice(1)) {
    marks.push(text.length);
    text += part;
  }
  const uri = pathToFileURL(file).href;

  const started = performance.now();
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'cli.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
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
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', () => [null]);
  connection.listen();

  try {
    const init = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'demo' }],
      capabilities: { general: { positionEncodings: ['utf-16'] }, textDocument: { codeAction: { resolveSupport: { properties: ['edit'] } } } },
    });
    const initMs = performance.now() - started;
    await connection.sendNotification('initialized', {});
    out(`arbor-ls ${(init as { serverInfo?: { version?: string } }).serverInfo?.version ?? ''}: initialize answered in ${initMs.toFixed(0)} ms`);
    await Promise.race([backendChosen, new Promise((r) => setTimeout(r, 5000))]);
    out(backendMessage || '(no backend message)');
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    // The offline engine indexes the workspace in the background; give it a moment on first start.
    await new Promise((r) => setTimeout(r, 500));

    out(`\nCompletions in ${path.relative(process.cwd(), file) || file}:`);
    for (const offset of marks) {
      const pos = positionOf(text, offset);
      const line = text.split('\n')[pos.line];
      const t = performance.now();
      const list = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: pos })) as { items: Array<{ textEdit?: { newText: string } }> };
      const ms = performance.now() - t;
      const suggestion = list.items[0]?.textEdit?.newText;
      out(`  line ${pos.line + 1}: ${JSON.stringify(line.slice(0, pos.character) + '‸')}`);
      out(`    → ${suggestion === undefined ? '(no suggestion)' : JSON.stringify(suggestion)}   [${ms.toFixed(1)} ms]`);
    }

    if (!(init as { capabilities: { codeActionProvider?: unknown } }).capabilities.codeActionProvider) {
      out('\nCode actions: not offered by this build.');
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return 0;
    }
    const fn = text.indexOf('def perimeter');
    const t = performance.now();
    const actions = (await connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: positionOf(text, fn), end: positionOf(text, fn) },
      context: { diagnostics: [] },
    })) as Array<{ title: string; kind?: string }> | null;
    out(`\nCode actions on "perimeter" [${(performance.now() - t).toFixed(1)} ms]:`);
    for (const a of actions ?? []) out(`  - ${a.title}${a.kind ? `  (${a.kind})` : ''}`);
    if (!actions?.length) out('  (none)');
    out('\nCode actions run through a chat-capable model (set backend.preset, see README); the offline engine only completes code.');

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return 0;
  } catch (err) {
    out(`demo failed: ${(err as Error).message}`);
    child.kill();
    return 1;
  } finally {
    connection.dispose();
  }
}
