---@brief
---
--- https://www.npmjs.com/package/arbor-ls
---
--- `arbor-ls`, AI code completion and code actions that use tree-sitter to decide what the model
--- sees and how much it writes. Works with Ollama, llama.cpp, vLLM, LM Studio, OpenAI or any
--- OpenAI-compatible endpoint; with nothing configured, an offline engine completes from the workspace.
---
--- Install with `npm install -g arbor-ls` (or `:MasonInstall arbor-ls`). Choose the model in
--- `init_options` (or `settings`), under `arbor`:
---
--- ```lua
--- vim.lsp.config('arbor_ls', {
---   init_options = { arbor = { backend = { preset = 'ollama', model = 'qwen2.5-coder:1.5b' } } },
--- })
--- ```
---
--- `arbor-ls doctor` prints the configuration it resolves and whether the model answers.

---@type vim.lsp.Config
return {
  cmd = { 'arbor-ls', '--stdio' },
  filetypes = {
    'bash',
    'c',
    'cpp',
    'cs',
    'go',
    'java',
    'javascript',
    'javascriptreact',
    'lua',
    'php',
    'python',
    'ruby',
    'rust',
    'sh',
    'typescript',
    'typescriptreact',
    'zsh',
  },
  root_markers = { '.git' },
}
