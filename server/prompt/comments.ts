/**
 * File headers for context files in templates that have no file-separator token (CodeLlama,
 * DeepSeek, Codestral, Granite, plain prompts), written as the language writes a comment line
 * (grammars/: lexical.json or languages.json).
 */
import { commentSyntax } from '../syntax/lexical-rules';
import { commentLine as asComment } from '../text/languages';

/** Unknown languages (plain text): C-style, which most code models read as a comment. */
const FALLBACK = { open: '//', close: '' };

/** `text` as a single-line comment for `languageId` (its language guessed from `path` when the id is unknown). */
export function commentLine(languageId: string, text: string, path = ''): string {
  return asComment(commentSyntax(languageId.toLowerCase(), path) ?? FALLBACK, text);
}
