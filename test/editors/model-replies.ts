/**
 * The scripted model behind the editor tests: the loopback OpenAI-compatible server answers each
 * completion request from what the prompt ends with, so extra or repeated requests (typeahead,
 * isIncomplete re-requests, debounce) always get the same, right answer.
 */
import type { OpenAITestServer } from '../support/openai-server';

export interface ScriptedModel {
  /** FIM completions: how the prefix (the text before the cursor) ends → model text. */
  completions: Array<{ prefixEndsWith: string; text: string }>;
  /** Code-action requests (chat or instruction prompts): text in the request → model text (or computed from the prompt). */
  chat?: Array<{ contains: string; text: string | ((prompt: string) => string) }>;
}

/** The text before the cursor in a request body: the FIM prefix, or the whole prompt/messages. */
export function promptOf(body: any): { prefix: string; all: string } {
  if (typeof body?.prompt === 'string') {
    const prompt: string = body.prompt;
    // starcoder-style FIM, suffix first (the default: …<fim_prefix><fim_suffix>…<fim_middle>prefix) or
    // prefix first (<fim_prefix>prefix<fim_suffix>…<fim_middle>); `suffix` API: prompt is the prefix.
    const all = prompt + (typeof body.suffix === 'string' ? body.suffix : '');
    if (prompt.includes('<fim_prefix><fim_suffix>'))
      return { prefix: prompt.slice(prompt.lastIndexOf('<fim_middle>') + '<fim_middle>'.length), all };
    const m = /<fim_prefix>([\s\S]*?)<fim_suffix>/.exec(prompt);
    return { prefix: m ? m[1] : prompt, all };
  }
  const all = Array.isArray(body?.messages)
    ? body.messages
        .map((m: any) => (typeof m?.content === 'string' ? m.content : JSON.stringify(m?.content)))
        .join('\n')
    : JSON.stringify(body ?? '');
  return { prefix: all, all };
}

/** Installs the script as the server's answer to every request; unknown prompts get an empty answer and are kept. */
export function scriptModel(srv: OpenAITestServer, model: ScriptedModel): { unmatched: string[] } {
  const unmatched: string[] = [];
  srv.respond({
    text: (body: any) => {
      try {
        return answer(body);
      } catch (err) {
        unmatched.push(`scripted reply failed: ${(err as Error).message}`);
        return '';
      }
    },
  });
  function answer(body: any): string {
    const { prefix, all } = promptOf(body);
    // Action prompts arrive as chat messages or, with the completions API, as one instruction prompt.
    const action = model.chat?.find((c) => all.includes(c.contains));
    if (action) return typeof action.text === 'function' ? action.text(all) : action.text;
    const completion = model.completions.find((c) => prefix.endsWith(c.prefixEndsWith));
    if (completion) return completion.text;
    unmatched.push(all.slice(-400));
    return '';
  }
  return { unmatched };
}

/** The code the action prompt shows under `heading` (e.g. "The function `add`:"), without its fence. */
export function targetCodeIn(prompt: string, heading: string): string {
  const at = prompt.indexOf(heading);
  const m = at < 0 ? null : /^\n(`{3,})[^\n]*\n([\s\S]*?)\n\1/.exec(prompt.slice(at + heading.length));
  if (!m) throw new Error(`no code under ${JSON.stringify(heading)} in the prompt`);
  return m[2];
}

/** A Markdown code block, as chat models answer. */
export function fence(language: string, code: string): string {
  return `\`\`\`${language}\n${code}\n\`\`\``;
}
