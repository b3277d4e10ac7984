import { initialState, lex } from '../../../text/lexer';
import { joinBeforeRest } from '../join-rest';
import type { Stage } from '../stage';

/**
 * On the cursor line, a closer the completion adds for a bracket opened before the cursor is cut
 * (with what follows it on that line) when the rest of the line already starts with that closer:
 * `if (a == b|)` + `a == b) {` → `a == b`.
 */
export const balanceClosers: Stage = (text, sit) => {
  const rest = sit.lineSuffix.trimStart();
  if (rest === '' || sit.atLineStart) return text; // at a line start the rest of the line follows the inserted lines
  const nl = text.indexOf('\n');
  const first = nl === -1 ? text : text.slice(0, nl);
  let cut = -1;
  lex(first, sit.rules, initialState(), (ev) => {
    if (ev.type === 'close' && ev.unmatched) {
      if (rest.startsWith(ev.ch)) cut = ev.index;
      return false;
    }
  });
  return cut === -1 ? text : joinBeforeRest(text.slice(0, cut), sit.lineSuffix);
};
