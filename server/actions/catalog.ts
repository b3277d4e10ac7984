/**
 * The AI code actions and their LSP CodeActionKinds. Every kind starts with a standard LSP prefix
 * (`quickfix`, `refactor.rewrite`, `refactor`), so `only: ["refactor"]` and editors' kind menus
 * work, and ends with an arbor-specific part, so a key binding can ask for exactly one action
 * (`only: ["refactor.rewrite.arbor.document"]`).
 */

export const ACTION_IDS = ['fix', 'implement', 'improve', 'document', 'explain', 'tests', 'custom'] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export const ACTION_KINDS: Readonly<Record<ActionId, string>> = {
  fix: 'quickfix.arbor.fix',
  implement: 'refactor.rewrite.arbor.implement',
  improve: 'refactor.rewrite.arbor.improve',
  document: 'refactor.rewrite.arbor.document',
  // Not rewrites: they add a comment above the target / tests beside it or in a new file.
  explain: 'refactor.arbor.explain',
  tests: 'refactor.arbor.tests',
  custom: 'refactor.rewrite.arbor.custom',
};

/** What the server advertises in `codeActionProvider.codeActionKinds`: the parents and every kind. */
export const ADVERTISED_KINDS: readonly string[] = [
  'quickfix',
  'refactor',
  'refactor.rewrite',
  ...Object.values(ACTION_KINDS),
];

/** The command clients without `codeAction/resolve` run (`workspace/executeCommand`). */
export const APPLY_COMMAND = 'arbor.applyAction';

/**
 * LSP's hierarchical kind filter: `only: ["refactor"]` admits `refactor.rewrite.arbor.improve`.
 * No filter (or an empty list) admits everything; the empty kind "" is the root of all kinds.
 */
export function kindAllowed(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => o === '' || kind === o || kind.startsWith(`${o}.`));
}

/** Whether any kind of `ids` can pass the filter: lets listing skip work nobody asked for. */
export function anyAllowed(ids: readonly ActionId[], only: readonly string[] | undefined): boolean {
  return ids.some((id) => kindAllowed(ACTION_KINDS[id], only));
}
