-- Drives Neovim 0.7+ headless against arbor-ls, the way a user's config and keystrokes would, and
-- writes what it saw to a JSON report. The node test (nvim.test.ts) decides pass/fail.
--
-- Run: ARBOR_EDITOR_BRIEF=<brief.json> nvim --headless --clean -n -c 'luafile nvim-driver.lua'
-- The brief: { file, root, cmd = {...}, init_options = {...}, report, steps = {...} }.

local brief = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('ARBOR_EDITOR_BRIEF')), '\n'))
local report = { steps = {}, messages = {}, errors = {} }
local client_id

local function buffer_text()
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  return table.concat(lines, '\n') .. (vim.bo.eol and '\n' or '')
end

local function finish()
  report.messages = vim.split(vim.fn.execute('messages'), '\n', { trimempty = true })
  local f = assert(io.open(brief.report, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd('qa!')
end

-- Coroutine plumbing: waiting must return to Neovim's main loop (typed keys and LSP replies are
-- only processed there), so every wait yields and a timer resumes.
local co
local function resume()
  local ok, err = coroutine.resume(co)
  if not ok then
    table.insert(report.errors, tostring(err) .. '\n' .. debug.traceback(co))
    finish()
  end
end
local function sleep(ms)
  vim.defer_fn(resume, ms)
  coroutine.yield()
end
local function wait_until(what, timeout_ms, pred)
  local deadline = vim.loop.now() + timeout_ms
  while vim.loop.now() < deadline do
    local ok, value = pcall(pred)
    if ok and value then return value end
    sleep(20)
  end
  error('timed out after ' .. timeout_ms .. ' ms waiting for ' .. what)
end
local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 't', false)
end

-- What the server holds for this buffer (custom request arbor/documentState).
local function server_text()
  local client = vim.lsp.get_client_by_id(client_id)
  local res = client.request_sync('arbor/documentState', { uri = vim.uri_from_bufnr(0) }, 5000, 0)
  if not res or res.err then return { error = vim.inspect(res and res.err or 'timeout') } end
  return res.result
end

local function record(step, fields)
  fields.name = step.name
  fields.buffer = buffer_text()
  fields.cursor = vim.api.nvim_win_get_cursor(0)
  -- Neovim sends didChange after a debounce (150 ms in 0.7): give the server's copy time to catch up.
  local deadline = vim.loop.now() + 3000
  repeat
    fields.server = server_text()
    if fields.server.text == fields.buffer or vim.loop.now() > deadline then break end
    sleep(50)
  until false
  table.insert(report.steps, fields)
end

local steps = {}

-- Plain typing in normal/insert mode: proves didChange (incremental, debounced) keeps the server in sync.
function steps.type(step)
  vim.api.nvim_win_set_cursor(0, step.cursor)
  keys(step.keys)
  sleep(step.settle_ms or 200)
  record(step, {})
end

-- The built-in menu path: 'omnifunc' = vim.lsp.omnifunc, <C-x><C-o> in insert mode, <C-y> accepts a menu.
-- Neovim 0.7 inserts the item's textEdit.newText from the textEdit's start column.
local function require_capability(name)
  if not vim.lsp.get_client_by_id(client_id).server_capabilities[name] then
    error('the server does not declare ' .. name)
  end
end

function steps.omni(step)
  require_capability('completionProvider')
  vim.api.nvim_win_set_cursor(0, step.cursor)
  keys(step.keys .. '<C-x><C-o>')
  local info = wait_until('the completion menu', step.timeout_ms or 15000, function()
    local i = vim.fn.complete_info({ 'items', 'selected', 'mode' })
    return #i.items > 0 and i
  end)
  local items = {}
  for _, item in ipairs(info.items) do table.insert(items, { word = item.word, abbr = item.abbr, info = item.info }) end
  -- With the default 'completeopt' (menu,preview) a single match is inserted at once and no menu
  -- shows; <C-y> would then insert the character above the cursor. Accept as a user would.
  local menu = vim.fn.pumvisible() == 1
  keys(menu and '<C-y><Esc>' or '<Esc>')
  sleep(100)
  record(step, { items = items, menu = menu, mode = vim.fn.mode() })
end

-- :w as a user types it; the written file's bytes are copied to step.copy_to for the node test
-- (JSON cannot carry every byte the file might hold, NULs included).
function steps.write(step)
  vim.cmd('write')
  assert(vim.loop.fs_copyfile(brief.file, step.copy_to))
  record(step, {})
end

-- How completion plugins (nvim-cmp) and Neovim 0.11's vim.lsp.completion accept an item: apply its
-- textEdit with vim.lsp.util.apply_text_edits. This is the path that keeps multi-line suggestions intact.
function steps.apply_item(step)
  require_capability('completionProvider')
  vim.api.nvim_win_set_cursor(0, step.cursor)
  local client = vim.lsp.get_client_by_id(client_id)
  local params = vim.lsp.util.make_position_params()
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/completion', params, step.timeout_ms or 15000) or {}
  local result = responses[client_id] and responses[client_id].result
  local items = vim.lsp.util.extract_completion_items(result or {})
  local item = items[1]
  if item then
    local edit = item.textEdit or { range = { start = params.position, ['end'] = params.position }, newText = item.insertText or item.label }
    vim.lsp.util.apply_text_edits({ edit }, 0, client.offset_encoding)
  end
  record(step, { items = items, error = responses[client_id] and responses[client_id].err })
end

-- vim.lsp.buf.code_action() as a user runs it; vim.ui.select is answered with the action whose title
-- matches step.pick (what the user would choose). Neovim 0.7 declares codeAction resolveSupport
-- {'edit'}, so the chosen action goes through codeAction/resolve before its edit is applied.
function steps.code_action(step)
  require_capability('codeActionProvider')
  vim.api.nvim_win_set_cursor(0, step.cursor)
  local titles, picked
  local tick = vim.api.nvim_buf_get_changedtick(0)
  vim.ui.select = function(choices, opts, on_choice)
    titles = {}
    for _, c in ipairs(choices) do
      local title = opts.format_item(c)
      table.insert(titles, title)
      if not picked and title:find(step.pick, 1, true) then picked = c end
    end
    on_choice(picked)
  end
  vim.lsp.buf.code_action(step.context)
  wait_until('the list of code actions', 10000, function() return titles end)
  if picked then
    wait_until('the code action edit', step.timeout_ms or 20000, function()
      return vim.api.nvim_buf_get_changedtick(0) ~= tick
    end)
    sleep(100)
  end
  record(step, { titles = titles, picked = picked ~= nil })
end

-- The configuration a Neovim 0.7 user writes (README, "Neovim 0.7"), with the brief's command and
-- settings: start one client, attach it to every buffer of these filetypes.
local arbor_config = {
  name = 'arbor-ls',
  cmd = brief.cmd,
  root_dir = brief.root,
  init_options = brief.init_options,
}
local arbor_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'python', 'typescript', 'javascript', 'lua', 'go', 'rust' },
  callback = function(args)
    arbor_client = arbor_client or vim.lsp.start_client(arbor_config)
    vim.lsp.buf_attach_client(args.buf, arbor_client)
    vim.bo[args.buf].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end,
})

co = coroutine.create(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(brief.file))
  -- Lets the tests put the normal-mode cursor after the last character, where insert mode would be.
  vim.o.virtualedit = 'onemore'
  report.filetype = vim.bo.filetype
  client_id = arbor_client
  if not client_id then error('the FileType autocmd did not start arbor-ls (filetype: ' .. vim.bo.filetype .. ')') end

  wait_until('the server to initialize', 20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c and c.initialized and vim.lsp.buf_is_attached(0, client_id)
  end)
  local client = vim.lsp.get_client_by_id(client_id)
  report.offset_encoding = client.offset_encoding
  report.server_capabilities = client.server_capabilities
  report.initial = { buffer = buffer_text(), server = server_text() }

  for _, step in ipairs(brief.steps) do
    local ok, err = pcall(steps[step.kind], step)
    if not ok then
      table.insert(report.errors, step.name .. ': ' .. tostring(err))
      record(step, { failed = tostring(err) })
    end
  end
  finish()
end)

vim.schedule(resume)
