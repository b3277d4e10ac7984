/**
 * `kept` (the completion cut before text that is already on the cursor line) joined to the rest of
 * the line `lineSuffix`: trailing white space goes when the line has its own or continues with a
 * closer or separator (`f(a|)`); it stays, once, before a word (`error, ` + `message)`).
 */
export function joinBeforeRest(kept: string, lineSuffix: string): string {
  const body = kept.trimEnd();
  const space = kept.slice(body.length);
  if (space === '' || space.includes('\n') || /^[ \t]/.test(lineSuffix) || !/^[\w"'`$@#[{(]/.test(lineSuffix))
    return body;
  return body + space;
}
