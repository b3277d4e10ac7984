/**
 * How completion items are shaped for the client that inserts them: single-line items for Vim's
 * complete() (Neovim's omnifunc before 0.11), where a newline in the inserted word becomes a NUL;
 * multi-line items as snippets for Neovim 0.11+'s vim.lsp.completion, which inserts only the first
 * line of a plain-text item. Decided from clientInfo and, for nvim-cmp, from the completion
 * capabilities cmp-nvim-lsp declares.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionInsertion } from '../../server/lsp/features/completion-clients';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';

/** What Neovim 0.7–0.10's make_client_capabilities() declares for completion (no resolveSupport, insertReplaceSupport, labelDetailsSupport). */
const NVIM_OWN = {
  textDocument: {
    completion: {
      dynamicRegistration: false,
      completionItem: {
        snippetSupport: false,
        commitCharactersSupport: false,
        preselectSupport: false,
        deprecatedSupport: false,
        documentationFormat: ['markdown', 'plaintext'],
      },
      contextSupport: false,
    },
  },
};
/** cmp-nvim-lsp's default_capabilities(), which nvim-cmp users pass to the client. */
const CMP = {
  textDocument: {
    completion: {
      dynamicRegistration: false,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        deprecatedSupport: true,
        preselectSupport: true,
        tagSupport: { valueSet: [1] },
        insertReplaceSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertTextModeSupport: { valueSet: [1, 2] },
        labelDetailsSupport: true,
      },
      contextSupport: true,
      insertTextMode: 1,
    },
  },
};
/** Neovim 0.12's own completion capabilities (make_client_capabilities()), and inline completion. */
const NVIM_012 = {
  textDocument: {
    completion: {
      dynamicRegistration: false,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: false,
        preselectSupport: false,
        deprecatedSupport: true,
        documentationFormat: ['markdown', 'plaintext'],
        insertReplaceSupport: true,
        resolveSupport: { properties: ['additionalTextEdits', 'command', 'documentation'] },
        tagSupport: { valueSet: [1] },
        labelDetailsSupport: true,
      },
      completionList: { itemDefaults: ['editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      contextSupport: true,
    },
    inlineCompletion: { dynamicRegistration: false },
  },
};
const WITH_INLINE = { textDocument: { ...NVIM_OWN.textDocument, inlineCompletion: {} } };
/** nvim-cmp's capabilities merged over Neovim 0.12's, as lspconfig users pass them (vim.tbl_deep_extend). */
const NVIM_012_CMP = {
  textDocument: {
    ...NVIM_012.textDocument,
    completion: {
      ...NVIM_012.textDocument.completion,
      completionItem: {
        ...NVIM_012.textDocument.completion.completionItem,
        ...CMP.textDocument.completion.completionItem,
      },
    },
  },
};

test('completionInsertion: Neovim before 0.11 inserts through complete(), 0.11+ through vim.lsp.completion, nvim-cmp and other clients apply the textEdit', () => {
  const cases: Array<[string, { name?: string; version?: string } | undefined, object, string]> = [
    ['Neovim 0.7.2', { name: 'Neovim', version: '0.7.2' }, NVIM_OWN, 'vim-complete'],
    ['Neovim 0.10.4', { name: 'Neovim', version: '0.10.4' }, NVIM_OWN, 'vim-complete'],
    ['Neovim 0.10 dev build', { name: 'Neovim', version: 'v0.10.0-dev+g0123abc' }, NVIM_OWN, 'vim-complete'],
    ['Neovim 0.7.2 with nvim-cmp', { name: 'Neovim', version: '0.7.2' }, CMP, 'text-edit'],
    ['Neovim 0.11.0', { name: 'Neovim', version: '0.11.0' }, NVIM_012, 'vim-lsp-completion'],
    ['Neovim 0.12.4', { name: 'Neovim', version: '0.12.4' }, NVIM_012, 'vim-lsp-completion'],
    ['Neovim 0.12.4 with nvim-cmp', { name: 'Neovim', version: '0.12.4' }, NVIM_012_CMP, 'text-edit'],
    ['Neovim without a version', { name: 'Neovim' }, NVIM_OWN, 'vim-complete'],
    ['Neovim without a version, inline completion declared', { name: 'Neovim' }, WITH_INLINE, 'vim-lsp-completion'],
    ['Neovim without a version, 0.12 capabilities', { name: 'Neovim' }, NVIM_012, 'vim-lsp-completion'],
    ['Neovim without a version, nvim-cmp', { name: 'Neovim' }, CMP, 'text-edit'],
    ['Helix', { name: 'helix', version: '25.07.1' }, NVIM_OWN, 'text-edit'],
    ['Emacs eglot', { name: 'Eglot', version: '1.17' }, {}, 'text-edit'],
    ['no clientInfo', undefined, NVIM_OWN, 'text-edit'],
  ];
  for (const [what, info, caps, expected] of cases)
    assert.equal(completionInsertion(info, caps as never), expected, what);
});

async function session(clientInfo: object | undefined, caps: Record<string, unknown>) {
  const srv = await startOpenAIServer();
  const c = new LspClient();
  await c.initialize(caps, {
    ...(clientInfo ? { clientInfo } : {}),
    initializationOptions: {
      arbor: {
        backend: {
          kind: 'openai',
          baseURL: srv.url,
          model: 'starcoder2-3b',
          api: 'completions',
          fim: 'starcoder',
          timeoutMs: 5000,
        },
        completion: { debounceMs: 0 },
      },
    },
  });
  await c.waitFor(
    (m) => m.method === 'window/logMessage' && /arbor-ls: .*starcoder2-3b/i.test(m.params.message),
    10000,
    'backend chosen',
  );
  return {
    srv,
    c,
    async close() {
      await c.shutdown();
      await srv.close();
    },
  };
}

const BODY = 'function greet(name) {\n  \n}\n';
const SUGGESTION = 'const message = `Hello, ${name}!`;\n  return message;';

for (const [what, info, caps, newText] of [
  [
    'Neovim 0.7 (omnifunc): the first line; the whole suggestion in the documentation',
    { name: 'Neovim', version: '0.7.2' },
    NVIM_OWN,
    'const message = `Hello, ${name}!`;',
  ],
  ['Neovim 0.7 with nvim-cmp: all lines', { name: 'Neovim', version: '0.7.2' }, CMP, SUGGESTION],
  [
    'Neovim 0.12 (vim.lsp.completion): a snippet without tabstops, the cursor line indentation off later lines',
    { name: 'Neovim', version: '0.12.4' },
    NVIM_012,
    'const message = `Hello, \\${name\\}!`;\nreturn message;',
  ],
] as const) {
  test(`completion items for ${what}`, async () => {
    const s = await session(info, caps);
    try {
      s.srv.respond({ text: SUGGESTION });
      s.c.open('file:///w/greet.js', BODY, 'javascript');
      const list = await s.c.call('textDocument/completion', {
        textDocument: { uri: 'file:///w/greet.js' },
        position: { line: 1, character: 2 },
      });
      assert.equal(list.items.length, 1);
      assert.equal(list.items[0].textEdit.newText, newText);
      assert.equal(list.items[0].insertTextFormat, newText.includes('\\$') ? 2 : 1);
      assert.equal(list.items[0].filterText, newText.includes('\\$') ? SUGGESTION : newText);
      assert.match(list.items[0].documentation.value, /const message = `Hello, \$\{name\}!`;\n {2}return message;/);
    } finally {
      await s.close();
    }
  });
}

test('completion: Neovim 0.12, a multi-line suggestion with a line indented less than the cursor line is its first line (vim.snippet would indent it)', async () => {
  const s = await session({ name: 'Neovim', version: '0.12.4' }, NVIM_012);
  try {
    s.srv.respond({ text: 'if (x) {\n    return 1;\n  }\n}' });
    s.c.open('file:///w/dedent.js', 'function f(x) {\n  \n', 'javascript');
    const list = await s.c.call('textDocument/completion', {
      textDocument: { uri: 'file:///w/dedent.js' },
      position: { line: 1, character: 2 },
    });
    const item = list.items[0];
    if (item) {
      assert.equal(item.insertTextFormat, 1);
      assert.ok(!item.textEdit.newText.includes('\n'), item.textEdit.newText);
    }
  } finally {
    await s.close();
  }
});

test('completion: a suggestion starting on the next line has nothing to insert through complete(); no item', async () => {
  const s = await session({ name: 'Neovim', version: '0.9.5' }, NVIM_OWN);
  try {
    s.srv.respond({ text: '\n  return 1;' });
    s.c.open('file:///w/one.js', 'function one() {\n}\n', 'javascript');
    const list = await s.c.call('textDocument/completion', {
      textDocument: { uri: 'file:///w/one.js' },
      position: { line: 0, character: 16 },
    });
    assert.deepEqual(list.items, []);
  } finally {
    await s.close();
  }
});

test('completion: a text document with a few NUL bytes (a ^@ written by :w) keeps completing', async () => {
  const s = await session({ name: 'Neovim', version: '0.7.2' }, NVIM_OWN);
  try {
    s.srv.respond({ text: 'return 2;' });
    const uri = 'file:///w/nul.js';
    s.c.open(uri, 'function two() {\n  const a = 1;\u0000  return a;\n}\nfunction three() {\n  \n}\n', 'javascript');
    const list = await s.c.call('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 2 },
    });
    assert.equal(list.items[0]?.textEdit.newText, 'return 2;');
    assert.equal(s.srv.completions().length, 1);
  } finally {
    await s.close();
  }
});
