-- Drives Neovim 0.7+ headless against arbor-ls, the way a user's config and keystrokes would, and
-- writes what it saw to a JSON report. The node tests (nvim.test.ts, nvim-current.test.ts) decide pass/fail.
--
-- Run: ARBOR_EDITOR_BRIEF=<brief.json> nvim --headless --clean -n -c 'luafile nvim-driver.lua'
-- The brief: { setup = 'neovim-0.7' | 'neovim-0.12', file, root, cmd = {...}, init_options = {...}, report, steps = {...} }.

local uv = vim.uv or vim.loop
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
  local deadline = uv.now() + timeout_ms
  while uv.now() < deadline do
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
  local params = { uri = vim.uri_from_bufnr(0) }
  local res
  if vim.fn.has('nvim-0.11') == 1 then
    res = client:request_sync('arbor/documentState', params, 5000, 0)
  else
    res = client.request_sync('arbor/documentState', params, 5000, 0)
  end
  if not res or res.err then return { error = vim.inspect(res and res.err or 'timeout') } end
  return res.result
end

local function record(step, fields)
  fields.name = step.name
  fields.buffer = buffer_text()
  fields.cursor = vim.api.nvim_win_get_cursor(0)
  -- Neovim sends didChange after a debounce (150 ms in 0.7): give the server's copy time to catch up.
  local deadline = uv.now() + 3000
  repeat
    fields.server = server_text()
    if fields.server.text == fields.buffer or uv.now() > deadline then break end
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
  assert(uv.fs_copyfile(brief.file, step.copy_to))
  record(step, {})
end

-- Neovim 0.12 inline completion: insert mode at the cursor (step.keys, e.g. 'A'), wait for the ghost
-- text (an extmark of vim.lsp.inline_completion), record it, accept with <Tab> (the README's mapping).
function steps.inline(step)
  vim.api.nvim_win_set_cursor(0, step.cursor)
  local ns = vim.api.nvim_get_namespaces()['nvim.lsp.inline_completion']
  local tick = vim.api.nvim_buf_get_changedtick(0)
  keys(step.keys)
  local ghost = wait_until('the ghost text', step.timeout_ms or 15000, function()
    ns = ns or vim.api.nvim_get_namespaces()['nvim.lsp.inline_completion']
    local marks = ns and vim.api.nvim_buf_get_extmarks(0, ns, 0, -1, { details = true }) or {}
    for _, m in ipairs(marks) do
      local d = m[4]
      if d.virt_text then
        local lines = { table.concat(vim.tbl_map(function(c) return c[1] end, d.virt_text)) }
        for _, l in ipairs(d.virt_lines or {}) do table.insert(lines, table.concat(vim.tbl_map(function(c) return c[1] end, l))) end
        return { row = m[2], col = m[3], pos = d.virt_text_pos, lines = lines }
      end
    end
  end)
  local unchanged = vim.api.nvim_buf_get_changedtick(0) == tick
  keys('<Tab>')
  wait_until('the accepted suggestion', 5000, function() return vim.api.nvim_buf_get_changedtick(0) ~= tick end)
  sleep(50)
  keys('<Esc>')
  sleep(100)
  record(step, { ghost = ghost, unchanged_before_accept = unchanged })
end

-- vim.lsp.completion with autotrigger: type step.keys in insert mode (a trigger character opens the
-- menu), then select the first item if none is and accept it with <C-y>, as the README says.
function steps.auto_menu(step)
  vim.api.nvim_win_set_cursor(0, step.cursor)
  keys(step.keys)
  local info = wait_until('the completion menu', step.timeout_ms or 15000, function()
    local i = vim.fn.complete_info({ 'items', 'selected', 'pum_visible' })
    return vim.fn.pumvisible() == 1 and #i.items > 0 and i
  end)
  local items = {}
  for _, item in ipairs(info.items) do table.insert(items, { word = item.word, abbr = item.abbr, info = item.info }) end
  keys((info.selected == -1 and '<C-n>' or '') .. '<C-y>')
  sleep(300)
  keys('<Esc>')
  sleep(100)
  record(step, { items = items, selected = info.selected, completed = vim.v.completed_item })
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

-- The configurations a user writes, each as the README shows it, with the brief's command and settings.
local setups = {}

-- README, "Neovim 0.7": start one client, attach it to every buffer of these filetypes.
setups['neovim-0.7'] = function()
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
  vim.keymap.set('n', '<leader>ca', vim.lsp.buf.code_action)
  return function() return arbor_client end
end

-- README, "Neovim 0.11+" and "Neovim 0.12: ghost text".
setups['neovim-0.12'] = function()
  vim.lsp.config('arbor_ls', {
    cmd = brief.cmd,
    filetypes = { 'python', 'typescript', 'javascript', 'lua', 'go', 'rust' },
    root_markers = { '.git' },
    init_options = brief.init_options,
  })
  vim.lsp.enable('arbor_ls')

  -- Built-in completion menu as you type (0.11+); <C-n> selects, <C-y> accepts.
  vim.opt.completeopt:append({ 'menuone', 'noselect', 'popup' }) -- a menu even for one suggestion, nothing inserted before you choose
  vim.api.nvim_create_autocmd('LspAttach', {
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == 'arbor_ls' then
        vim.lsp.completion.enable(true, client.id, args.buf, { autotrigger = true })
      end
    end,
  })

  vim.lsp.inline_completion.enable()
  vim.keymap.set('i', '<Tab>', function()
    if not vim.lsp.inline_completion.get() then -- accepts the shown suggestion, if any
      return '<Tab>'
    end
  end, { expr = true, desc = 'Accept the inline completion' })

  return function()
    local clients = vim.lsp.get_clients({ name = 'arbor_ls', bufnr = 0 })
    return clients[1] and clients[1].id
  end
end

local find_client = setups[brief.setup or 'neovim-0.7']()

co = coroutine.create(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(brief.file))
  -- Lets the tests put the normal-mode cursor after the last character, where insert mode would be.
  vim.o.virtualedit = 'onemore'
  report.filetype = vim.bo.filetype
  client_id = wait_until('the configuration to start arbor-ls (filetype: ' .. vim.bo.filetype .. ')', 5000, find_client)

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
