import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeCapabilities } from '../../server/lsp/feature';

test('capabilities from several features merge deeply; command lists are joined', () => {
  const merged = mergeCapabilities([
    { executeCommandProvider: { commands: ['a'] }, textDocumentSync: { openClose: true } },
    { executeCommandProvider: { commands: ['b', 'a'] }, textDocumentSync: { change: 2 } },
    { codeActionProvider: { resolveProvider: true } },
    { codeActionProvider: true },
  ]);
  assert.deepEqual(merged, {
    executeCommandProvider: { commands: ['a', 'b'] },
    textDocumentSync: { openClose: true, change: 2 },
    codeActionProvider: { resolveProvider: true },
  });
});
