-- Runs the README's Neovim 0.7 language-server recipe (vim.lsp.start_client) in real headless
-- Neovim: opens TARGET, waits for upstart-lint's diagnostics, asks for the code actions at the
-- finding of rule RULE, applies the one titled ACTION, and waits until that finding is gone.
-- SNIPPET is the recipe; the transcript (diagnostics before and after, the actions offered, the
-- buffer after the edit) is written as JSON to OUT.
vim.cmd('filetype on')
dofile(os.getenv('SNIPPET'))
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('TARGET')))
local bufnr = vim.api.nvim_get_current_buf()
local rule = os.getenv('RULE')
local result = { filetype = vim.bo.filetype, clients = {}, before = {}, actions = {}, after = {}, lines = {}, errors = {} }

local function snapshot()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, code = d.code, source = d.source, message = d.message })
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return out
end

local function has_rule()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == rule then return d end
  end
  return nil
end

if not vim.wait(20000, function() return has_rule() ~= nil end, 50) then
  table.insert(result.errors, 'no ' .. rule .. ' diagnostic within 20 s')
end
for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do table.insert(result.clients, c.name) end
result.before = snapshot()

local target = has_rule()
if target then
  local client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr))]
  local line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
  local character = vim.str_utfindex(line, target.col)
  local ok, line_diagnostics = pcall(vim.lsp.diagnostic.get_line_diagnostics, bufnr, target.lnum)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = target.lnum, character = character }, ['end'] = { line = target.lnum, character = character } },
    context = { diagnostics = ok and line_diagnostics or {} },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
  local chosen
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, action.title)
      if action.title == os.getenv('ACTION') then chosen = action end
    end
  end
  if chosen and chosen.edit then
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
    if not vim.wait(20000, function() return has_rule() == nil end, 50) then
      table.insert(result.errors, rule .. ' still reported 20 s after the code action')
    end
  else
    table.insert(result.errors, 'no code action titled ' .. tostring(os.getenv('ACTION')))
  end
end
-- Let a late publication arrive, if any, before the final snapshot.
vim.wait(500, function() return false end, 50)
result.after = snapshot()
result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
local f = assert(io.open(os.getenv('OUT'), 'w'))
f:write(vim.json.encode(result))
f:close()
