import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type CommentSyntax,
  commentSyntaxOf,
  type LanguageRules,
  type OtherLanguages,
  parseLexicalRules,
  parseOtherLanguages,
  PLAIN_TEXT_RULES,
} from '../text/languages';
import { grammarByName, grammarEntries, grammarFor, grammarsDir } from './registry';

/**
 * The per-language lexical facts, all of them data under grammars/: a grammar's in
 * grammars/<name>/lexical.json, other languages' in grammars/languages.json. Each file is read
 * once per process and checked when read (an error names the file and the field).
 */

const loaded = new Map<string, LanguageRules | undefined>();
let others: OtherLanguages | undefined;

/** grammars/<name>/lexical.json, read once per process; undefined when the grammar has none. */
function lexicalRulesOf(grammarName: string): LanguageRules | undefined {
  if (!loaded.has(grammarName)) {
    const file = path.join(grammarsDir(), grammarName, 'lexical.json');
    let rules: LanguageRules | undefined;
    if (grammarByName(grammarName) && fs.existsSync(file))
      rules = parseLexicalRules(JSON.parse(fs.readFileSync(file, 'utf8')), file);
    loaded.set(grammarName, rules);
  }
  return loaded.get(grammarName);
}

/** Rules by grammar name when the document has one, else by the grammar its languageId maps to, else plain text. */
export function rulesFor(grammarName: string | undefined, languageId: string): LanguageRules {
  const byId = grammarFor(languageId)?.name;
  return (grammarName && lexicalRulesOf(grammarName)) || (byId && lexicalRulesOf(byId)) || PLAIN_TEXT_RULES;
}

/** grammars/languages.json, checked against the manifest: a language has its facts in one file only. */
function otherLanguages(): OtherLanguages {
  if (!others) {
    const file = path.join(grammarsDir(), 'languages.json');
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed = parseOtherLanguages(json, file);
    const grammarIds = new Set(grammarEntries().flatMap((e) => e.languageIds));
    for (const id of parsed.languages.keys())
      if (grammarIds.has(id))
        throw new Error(`${file}: languages.${id} has a grammar: its facts are in its lexical.json`);
    for (const [ext, id] of parsed.languageByExtension)
      if (!grammarIds.has(id) && !parsed.languages.has(id))
        throw new Error(
          `${file}: languageByExtension.${ext} names ${id}, which is neither in languages nor a grammar's`,
        );
    others = parsed;
  }
  return others;
}

/** The facts a language's comments and blocks are read from: its grammar's lexical.json, else languages.json. */
function factsById(languageId: string) {
  const grammar = grammarEntries().find((e) => e.languageIds.includes(languageId));
  return grammar ? lexicalRulesOf(grammar.name) : otherLanguages().languages.get(languageId);
}

/**
 * How a document's language writes a comment line: by LSP languageId, then by the language its
 * path's extension is listed for in languages.json; undefined when unknown (plain text).
 */
export function commentSyntax(languageId: string, path = ''): CommentSyntax | undefined {
  const byId = factsById(languageId);
  if (byId) return commentSyntaxOf(byId);
  const m = /\.[^./\\]+$/.exec(path);
  const guessed = m ? otherLanguages().languageByExtension.get(m[0].toLowerCase()) : undefined;
  const facts = guessed ? factsById(guessed) : undefined;
  return facts ? commentSyntaxOf(facts) : undefined;
}

/** Whether the language's blocks open with `:` and are delimited by indentation (Python, YAML). */
export function hasIndentBlocks(languageId: string): boolean {
  const grammar = grammarEntries().find((e) => e.languageIds.includes(languageId));
  if (grammar) return lexicalRulesOf(grammar.name)?.family === 'indent';
  return otherLanguages().languages.get(languageId)?.indentBlocks === true;
}
