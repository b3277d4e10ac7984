/**
 * Chat messages as one instruction prompt, for code actions on servers that only offer the
 * completions endpoint. Alpaca-style headings are understood by most instruction-tuned models and
 * give clean stop sequences.
 */
import type { ChatMessage } from '../model/input';

export interface InstructionPrompt {
  prompt: string;
  /** The model starting a new turn means its answer is over. */
  stop: string[];
}

const HEADINGS: Record<Exclude<ChatMessage['role'], 'system'>, string> = {
  user: '### Instruction:',
  assistant: '### Response:',
};

export function renderInstructionPrompt(messages: readonly ChatMessage[]): InstructionPrompt {
  const blocks: string[] = [];
  for (const m of messages) blocks.push(m.role === 'system' ? m.content : `${HEADINGS[m.role]}\n${m.content}`);
  blocks.push(`${HEADINGS.assistant}\n`);
  return { prompt: blocks.join('\n\n'), stop: ['\n### Instruction:', '\n### Response:'] };
}
