/**
 * JSON as people write their tsconfig.json: `//` and `/* *\/` comments and trailing commas are
 * allowed (what the TypeScript compiler accepts). Comments and trailing commas are blanked
 * outside strings, then the text goes to JSON.parse. Undefined when it is still not JSON.
 */
export function parseLenientJson(text: string): unknown {
  const out: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let from = i;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      out.push(text.slice(from, i));
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
      from = i;
    } else if (c === '/' && text[i + 1] === '*') {
      out.push(text.slice(from, i));
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      from = i;
    } else if (c === ',') {
      // A comma followed (after blanks and comments) by a closer is dropped.
      let j = i + 1;
      for (;;) {
        while (j < text.length && /\s/.test(text[j])) j++;
        if (text.startsWith('//', j)) {
          const end = text.indexOf('\n', j);
          j = end === -1 ? text.length : end;
        } else if (text.startsWith('/*', j)) {
          const end = text.indexOf('*/', j + 2);
          j = end === -1 ? text.length : end + 2;
        } else break;
      }
      if (text[j] === '}' || text[j] === ']') {
        out.push(text.slice(from, i));
        from = i + 1;
      }
      i++;
    } else i++;
  }
  out.push(text.slice(from));
  try {
    return JSON.parse(out.join(''));
  } catch {
    return undefined;
  }
}
