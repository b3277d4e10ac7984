/**
 * The chat messages for each action. The model sees the file (or a window of it around the
 * target), the enclosing scopes, and the target dedented to column 0, and is asked for one fenced
 * block holding the whole new target (or tests, or plain prose for an explanation).
 */
import type { ChatMessage } from '../model/input';
import type { CustomAction } from '../config/schema';
import type { ActionId } from './catalog';
import type { DiagnosticNote } from './data';
import { targetCode } from './indentation';
import { testFramework } from './test-files';

export interface PromptInput {
  action: ActionId;
  languageId: string;
  grammarName: string | undefined;
  /** Workspace-relative path (what the model is told the file is called). */
  filePath: string;
  text: string;
  target: { kind: string; name: string; start: number; end: number };
  /** Signatures of the enclosing scopes, outermost first. */
  scopes: string[];
  diagnostics: readonly DiagnosticNote[];
  selection?: { start: number; end: number };
  custom?: CustomAction;
  /** tests: where they go; `existing` is the start of an existing test file they are appended to. */
  tests?: { path: string; existing?: string } | { inline: true };
}

export interface ActionPrompt {
  messages: ChatMessage[];
  maxTokens: number;
}

const CODE_SYSTEM = [
  'You are an expert software engineer working inside a code editor.',
  'You change one part of a file as asked. Reply with the complete new version of that part only, in a single Markdown code block.',
  "Do not include code from outside that part, keep the file's style and naming, and add no explanation outside the code block.",
].join('\n');

const TESTS_SYSTEM = [
  'You are an expert software engineer working inside a code editor.',
  'You write focused, runnable unit tests. Reply with the test code only, in a single Markdown code block, and no explanation.',
].join('\n');

const EXPLAIN_SYSTEM = [
  'You are an expert software engineer explaining code to a colleague.',
  'Reply in plain sentences, at most 6 short lines: what the code does, how, and anything surprising.',
  'No Markdown, no code blocks, no comment markers: your text becomes a comment above the code.',
].join('\n');

const DOC_CONVENTIONS: Record<string, string> = {
  python: 'a docstring as the first statement of the body (PEP 257)',
  javascript: 'a JSDoc /** … */ comment directly above it',
  typescript: 'a TSDoc /** … */ comment directly above it',
  tsx: 'a TSDoc /** … */ comment directly above it',
  java: 'a Javadoc /** … */ comment directly above it',
  go: 'a // comment directly above it that starts with its name',
  rust: '/// doc comments directly above it',
  c: 'a Doxygen /** … */ comment directly above it',
  cpp: 'a Doxygen /** … */ comment directly above it',
  csharp: '/// XML documentation comments (<summary>, <param>, <returns>) directly above it',
  ruby: '# comments directly above it (YARD tags for parameters and return value)',
  php: 'a PHPDoc /** … */ comment directly above it',
  lua: '--- LuaDoc comments directly above it',
  bash: '# comments directly above it',
};

const WHOLE_FILE_CHARS = 12000;
const WINDOW_BEFORE = 8000;
const WINDOW_AFTER = 4000;

export function buildActionPrompt(input: PromptInput, baseMaxTokens: number): ActionPrompt {
  const code = targetCode(input.text, input.target.start, input.target.end);
  const what = describe(input.target);
  const lang = input.languageId;
  const sections = [
    header(input),
    `The file, for context:\n${fenced(contextWindow(input.text, input.target.start, input.target.end), lang)}`,
  ];
  let system = CODE_SYSTEM;
  let maxTokens = clamp(Math.ceil(code.length / 3) + 512, baseMaxTokens, 4096);

  switch (input.action) {
    case 'fix': {
      const problems = input.diagnostics.map(
        (d) =>
          `- line ${lineOf(input.text, d.start)}: ${d.message}${d.source ? ` (${d.source}${d.code ? ` ${d.code}` : ''})` : ''}`,
      );
      sections.push(
        `The ${what}:\n${fenced(code, lang)}`,
        `Fix this problem in the ${what}:\n${problems.join('\n')}\nChange only what the fix needs. Reply with the whole corrected ${what}.`,
      );
      break;
    }
    case 'improve':
      sections.push(
        `The ${what}:\n${fenced(code, lang)}`,
        `Improve the ${what}: make it simpler, clearer and more idiomatic without changing its behaviour, its name or its signature. Reply with the whole new ${what}.`,
      );
      break;
    case 'document':
      sections.push(
        `The ${what}:\n${fenced(code, lang)}`,
        `Document the ${what} with ${DOC_CONVENTIONS[input.grammarName ?? ''] ?? 'the usual documentation comment of the language'}: what it does, its parameters, what it returns and raises. Leave the code itself exactly as it is. Reply with the whole ${what} including the documentation.`,
      );
      break;
    case 'implement':
      sections.push(
        `The ${what}:\n${fenced(code, lang)}`,
        `Implement the ${what}: write the body so that it does what its name, signature, documentation and TODO comments say; remove the TODOs you implement. Keep the signature. Reply with the whole ${what}.`,
      );
      break;
    case 'explain':
      system = EXPLAIN_SYSTEM;
      maxTokens = clamp(400, baseMaxTokens, 1024);
      sections.push(`The ${what}:\n${fenced(code, lang)}`, `Explain the ${what}.`);
      break;
    case 'tests': {
      system = TESTS_SYSTEM;
      maxTokens = clamp(Math.ceil(code.length / 3) * 2 + 768, baseMaxTokens, 4096);
      const t = input.tests;
      const where =
        !t || 'inline' in t
          ? `The tests go into ${input.filePath} itself, after the code.`
          : t.existing !== undefined
            ? `The tests are appended to the existing test file ${t.path}${t.existing ? `, which starts like this:\n${fenced(t.existing, lang)}\n` : '. '}Do not repeat what it already has (package line, imports that are there).`
            : `The tests go into a new file ${t.path}; import the code under test from ${input.filePath}.`;
      sections.push(
        `The ${what}:\n${fenced(code, lang)}`,
        `Write unit tests for the ${what} with ${testFramework(input.grammarName)}. Cover normal cases and edge cases. ${where}`,
      );
      break;
    }
    case 'custom':
      sections.push(customTask(input, code));
      break;
  }
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: sections.join('\n\n') },
    ],
    maxTokens,
  };
}

/**
 * A user-defined prompt with its placeholders filled: {code} {language} {filePath} {diagnostics}
 * {selection} {scopes}. Without {code}, the code is appended, since the answer replaces it.
 */
function customTask(input: PromptInput, code: string): string {
  const prompt = input.custom?.prompt ?? '';
  const values: Record<string, string> = {
    code,
    language: input.languageId,
    filePath: input.filePath,
    diagnostics:
      input.diagnostics.map((d) => `line ${lineOf(input.text, d.start)}: ${d.message}`).join('\n') || '(none)',
    selection: input.selection ? input.text.slice(input.selection.start, input.selection.end) : code,
    scopes: input.scopes.join(' > ') || '(top level)',
  };
  const filled = prompt.replace(
    /\{(code|language|filePath|diagnostics|selection|scopes)\}/g,
    (_, key: string) => values[key],
  );
  const withCode = prompt.includes('{code}')
    ? filled
    : `${filled}\n\nThe ${describe(input.target)}:\n${fenced(code, input.languageId)}`;
  return `${withCode}\n\nReply with the whole new ${describe(input.target)} in a single code block.`;
}

function header(input: PromptInput): string {
  const lines = [`File: ${input.filePath} (${input.languageId})`];
  if (input.scopes.length) lines.push(`Inside: ${input.scopes.join(' > ')}`);
  return lines.join('\n');
}

function describe(target: PromptInput['target']): string {
  switch (target.kind) {
    case 'function':
    case 'method':
    case 'class':
      return `${target.kind} \`${target.name}\``;
    case 'statement':
      return 'statement';
    default:
      return 'selected code';
  }
}

/** The whole file when small, else a window around the target cut at line boundaries. */
function contextWindow(text: string, start: number, end: number): string {
  if (text.length <= WHOLE_FILE_CHARS) return text;
  const from = Math.max(0, start - WINDOW_BEFORE);
  const to = Math.min(text.length, end + WINDOW_AFTER);
  const a = from === 0 ? 0 : text.indexOf('\n', from) + 1;
  const b = to === text.length ? to : Math.max(text.lastIndexOf('\n', to), end);
  return `${a > 0 ? '…\n' : ''}${text.slice(a, b)}${b < text.length ? '\n…' : ''}`;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A fence longer than any backtick run in `text`, so file contents cannot close it. */
function fenced(text: string, languageId: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = text.replace(/\r\n?/g, '\n');
  return `${fence}${languageId}\n${body}${body.endsWith('\n') ? '' : '\n'}${fence}`;
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(Math.min(n, max), Math.min(min, max));
}
