import * as fs from 'node:fs';
import * as path from 'node:path';
import { type LanguageRules, parseLexicalRules, PLAIN_TEXT_RULES } from '../text/languages';
import { grammarByName, grammarFor, grammarsDir } from './registry';

const loaded = new Map<string, LanguageRules | undefined>();

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
