/**
 * Fill-in-the-middle for chat models: the file goes in with a hole marker and the model is asked
 * for the missing middle only. `chat-answer.ts` cleans up what comes back.
 */
import type { ChatMessage } from '../model/input';
import type { FimParts } from './fim-templates';

/** Marks the cursor in the code shown to a chat model. */
export const HOLE_MARKER = '<|cursor|>';

export const FILL_IN_SYSTEM_PROMPT = [
  'You are a code completion engine inside an editor. The user shows you a file with a hole marked',
  `${HOLE_MARKER}. Write the code that belongs exactly at that hole.`,
  'Rules:',
  `- Reply with only the text to insert at ${HOLE_MARKER}: no explanation, no Markdown code fences.`,
  '- Do not repeat code that is already before or after the hole.',
  "- Match the file's indentation, style and language; the file must stay valid after insertion.",
  '- Prefer a short, likely completion (the rest of the line, or the body of a block that was just opened).',
  '- If nothing belongs there, reply with nothing.',
].join('\n');

/** A fence longer than any backtick run in `text`, so file contents cannot close it. */
function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(text: string, languageId: string): string {
  const fence = fenceFor(text);
  return `${fence}${languageId}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}`;
}

export function fillInMessages(parts: FimParts): ChatMessage[] {
  const sections: string[] = [];
  if (parts.context.length > 0) {
    sections.push('Related code from other files, for reference only:');
    for (const f of parts.context) sections.push(`${f.path}\n${fenced(f.text, parts.languageId)}`);
  }
  sections.push(`The file ${parts.filePath} (${parts.languageId}), with the hole:`);
  sections.push(fenced(`${parts.prefix}${HOLE_MARKER}${parts.suffix}`, parts.languageId));
  sections.push(`Reply with only the code to insert at ${HOLE_MARKER}.`);
  return [
    { role: 'system', content: FILL_IN_SYSTEM_PROMPT },
    { role: 'user', content: sections.join('\n\n') },
  ];
}
