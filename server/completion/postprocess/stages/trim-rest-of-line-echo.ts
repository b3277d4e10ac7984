import { initialState, lex } from '../../../text/lexer';
import { joinBeforeRest } from '../join-rest';
import type { Stage } from '../stage';

/**
 * The completion ends with the rest of the cursor line (`x) {` before `) {`): that text is already
 * in the document, so it is dropped, unless dropping it would take closers the completion itself
 * needs (`f(a)` before `)` stays).
 */
export const trimRestOfLineEcho: Stage = (text, sit) => {
  const rest = sit.lineSuffix.trim();
  if (rest === '' || sit.atLineStart) return text;
  const body = text.trimEnd();
  if (!body.endsWith(rest)) return text;
  const cut = body.length - rest.length;
  const state = initialState();
  lex(body.slice(0, cut), sit.rules, state);
  if (state.string || state.blockComment || state.lineComment) return text;
  // Needed: a closer in the echoed text that closes a bracket the kept part opened.
  const kept = state.stack.length;
  let needed = false;
  lex(rest, sit.rules, state, (ev) => {
    if (ev.type === 'close' && !ev.unmatched && state.stack.length < kept) needed = true;
  });
  return needed ? text : joinBeforeRest(body.slice(0, cut), sit.lineSuffix);
};
