/** Identifier-like words, the unit of similarity and of "names used near the cursor". */
export const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/g;

// Keywords and ubiquitous words of the common languages: they make every window look alike.
const STOP_WORDS = new Set(
  (
    'if else elif for while do return function def class const let var import from export public private protected ' +
    'static void int long float double char bool boolean string number new this self super true false null nil None ' +
    'True False undefined in of is not and or as try catch except finally throw throws raise with yield async await ' +
    'struct impl fn pub use mod match case switch default break continue package func type interface enum extends ' +
    'implements end then local lambda pass go defer chan map range select get set begin module require include ' +
    'namespace using template typename auto unsigned signed sizeof typeof instanceof delete final override abstract'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Distinct identifiers of a text, stop words left out. */
export function identifierSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(IDENTIFIER)) if (!STOP_WORDS.has(m[0])) out.add(m[0]);
  return out;
}
