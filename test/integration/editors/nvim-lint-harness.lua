-- Runs the README's nvim-lint recipe in real Neovim, with a stand-in for the nvim-lint plugin
-- (not packaged by Debian): the recipe's linter definition is run the way nvim-lint's documented
-- contract says (cmd, args with functions evaluated, the buffer on stdin, parser(output, bufnr)).
-- SNIPPET is the recipe, TARGET the job file, APPEND a line added without saving, OUT the result.
package.loaded['lint'] = { linters = {}, linters_by_ft = {}, try_lint = function() end }
-- Neovim detects file types by default; -u NONE does not (and 0.7 needs do_filetype_lua for
-- vim.filetype.add, which is the default from 0.8).
vim.g.do_filetype_lua = 1
vim.cmd('filetype on')
dofile(os.getenv('SNIPPET'))
local lint = package.loaded['lint']
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('TARGET')))
local append = os.getenv('APPEND')
if append and append ~= '' then vim.api.nvim_buf_set_lines(0, -1, -1, false, { append }) end
local names = lint.linters_by_ft[vim.bo.filetype] or {}
local def = lint.linters[names[1] or '']
local result = { filetype = vim.bo.filetype, diagnostics = {} }
if def then
  local argv = { def.cmd }
  for _, a in ipairs(def.args) do table.insert(argv, type(a) == 'function' and a() or a) end
  local input = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n') .. '\n'
  result.diagnostics = def.parser(vim.fn.system(argv, input), vim.api.nvim_get_current_buf())
end
local f = assert(io.open(os.getenv('OUT'), 'w'))
f:write(vim.json.encode(result))
f:close()
