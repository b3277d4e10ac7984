/** The model the benches' loopback OpenAI-compatible server lists, and the backend settings that reach it. */
export const LOOPBACK_MODEL = 'starcoder2-3b';

/** `backend` settings for a loopback server at `url`: completions API, starcoder FIM template. */
export function loopbackBackend(url: string): {
  kind: 'openai';
  baseURL: string;
  model: string;
  api: 'completions';
  fim: 'starcoder';
} {
  return { kind: 'openai', baseURL: url, model: LOOPBACK_MODEL, api: 'completions', fim: 'starcoder' };
}
