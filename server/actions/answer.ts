/**
 * What the model's answer holds: code (for rewrites and tests) or prose (for explanations).
 * Chat models wrap code in Markdown fences and often add a sentence before or after; a
 * completions-only model may answer with bare code.
 */
import { extractChatCode } from '../prompt/chat-answer';

interface Fenced {
  code: string;
  closed: boolean;
}

const OPEN = /^[ \t]*(`{3,}|~{3,})[^`]*$/;

/** Every fenced block; an unclosed last block (the answer hit maxTokens) runs to the end. */
function fencedBlocks(answer: string): Fenced[] {
  const lines = answer.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Fenced[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const closing = new RegExp(`^[ \\t]*${fence[0] === '`' ? '`' : '~'}{${fence.length},}[ \\t]*$`);
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j])) j++;
    blocks.push({ code: lines.slice(i + 1, j).join('\n'), closed: j < lines.length });
    i = j;
  }
  return blocks;
}

/**
 * The code in an answer: the longest fenced block (models put a usage example or a shell command
 * in smaller ones), or the whole answer without a lead-in sentence when nothing is fenced.
 */
export function codeFromAnswer(answer: string): string {
  const blocks = fencedBlocks(answer).filter((b) => b.code.trim() !== '');
  if (blocks.length) return blocks.reduce((a, b) => (b.code.length > a.code.length ? b : a)).code;
  return extractChatCode(answer.replace(/\r\n?/g, '\n'));
}

/** The prose of an explanation, as plain lines: fences, Markdown emphasis and comment markers removed. */
export function proseFromAnswer(answer: string): string[] {
  const lines = answer
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !OPEN.test(l))
    .map((l) =>
      l
        .replace(/^\s*(\/\/+|#+|--+|;+|\/\*+|\*+\/?|%+)(\s|$)/, '')
        .replace(/\*\*|__|`/g, '')
        .trimEnd(),
    );
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.filter((l, i) => l.trim() !== '' || (i > 0 && lines[i - 1].trim() !== ''));
}

/** Wraps prose to `width` columns, keeping paragraph breaks and list items (continuations hang under the text). */
export function wrapProse(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') {
      out.push('');
      continue;
    }
    const marker = /^([-*]|\d+[.)])\s+/.exec(trimmed)?.[0].replace(/\s+$/, ' ') ?? '';
    const hang = ' '.repeat(marker.length);
    let current = marker;
    let empty = true;
    for (const word of trimmed.slice(marker.length).split(/\s+/).filter(Boolean)) {
      if (!empty && current.length + 1 + word.length > width) {
        out.push(current);
        current = hang + word;
      } else current = empty ? current + word : `${current} ${word}`;
      empty = false;
    }
    out.push(current);
  }
  return out;
}
