-- An editor session in headless Neovim with the documented configuration
-- (docs/editors/chartwright.lua), driven by lsp/e2e_nvim_test.go. It
-- records what the user would see and writes it as JSON to $CW_OUT:
-- the template's filetype, the client attached, completion labels after
-- .Values., the hover on a value, where go-to-definition on an include
-- lands, the diagnostics of a broken template (not saved), and the
-- preview's lines.
local docs = os.getenv('CW_DOCS')
local out = os.getenv('CW_OUT')
local template = os.getenv('CW_TEMPLATE')
package.path = docs .. '/?.lua;' .. package.path

local result = { steps = {} }
local function step(name, value)
  result[name] = value
  table.insert(result.steps, name)
end

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  require('chartwright').setup({ cmd = { os.getenv('CW_BIN'), 'lsp' } })
  vim.cmd('edit ' .. template)
  step('filetype', vim.bo.filetype)

  vim.wait(30000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(0)) do
      if c.initialized then
        return true
      end
    end
    return false
  end, 50)
  local names = {}
  for _, c in pairs(vim.lsp.buf_get_clients(0)) do
    table.insert(names, c.name)
  end
  step('clients', names)

  -- position of a string on a line of the buffer (0-based, UTF-16 = bytes here: ASCII lines)
  local function find(text)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
      local col = line:find(text, 1, true)
      if col then
        return { line = i - 1, character = col - 1 }
      end
    end
    error('not in the template: ' .. text)
  end
  local function request(method, pos)
    local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = pos }
    local responses = vim.lsp.buf_request_sync(0, method, params, 20000) or {}
    for _, r in pairs(responses) do
      if r.result then
        return r.result
      end
      if r.err then
        error(method .. ': ' .. vim.inspect(r.err))
      end
    end
  end

  local at = find('.Values.replicaCount')
  local completion = request('textDocument/completion', { line = at.line, character = at.character + #'.Values.' })
  local labels = {}
  for _, item in ipairs(completion and (completion.items or completion) or {}) do
    table.insert(labels, item.label)
  end
  step('completion', labels)

  local hover = request('textDocument/hover', { line = at.line, character = at.character + #'.Values.re' })
  step('hover', hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL)

  local inc = find('include "shop.fullname"')
  local def = request('textDocument/definition', { line = inc.line, character = inc.character + #'include "sh' })
  local loc = def and (def[1] or def) or {}
  step('definition', { uri = loc.uri or loc.targetUri or vim.NIL, line = (loc.range or loc.targetSelectionRange or {}).start and (loc.range or loc.targetSelectionRange).start.line or vim.NIL })

  -- break the template without saving: an unclosed action
  local broken = find('{{ .Values.replicaCount }}')
  vim.api.nvim_buf_set_text(0, broken.line, broken.character, broken.line, broken.character + #'{{ .Values.replicaCount }}', { '{{ .Values.replicaCount ' })
  local diags = {}
  vim.wait(30000, function()
    diags = vim.diagnostic.get(0, { severity = vim.diagnostic.severity.ERROR })
    return #diags > 0
  end, 50)
  local shown = {}
  for _, d in ipairs(diags) do
    table.insert(shown, { line = d.lnum, message = d.message, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL })
  end
  step('diagnostics', shown)
  step('modified', vim.bo.modified)

  -- put the template back, then preview it
  vim.cmd('silent edit!')
  local source_buf = vim.api.nvim_get_current_buf()
  vim.cmd('ChartwrightPreview')
  local preview = nil
  vim.wait(30000, function()
    for _, b in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_get_name(b):find('chartwright://preview/', 1, true) then
        preview = b
        return true
      end
    end
    return false
  end, 50)
  step('preview', preview and vim.api.nvim_buf_get_lines(preview, 0, -1, false) or vim.NIL)
  step('previewModifiable', preview and vim.bo[preview].modifiable or vim.NIL)
  step('previewWindows', #vim.api.nvim_list_wins())
  step('sourceBuffer', vim.api.nvim_buf_get_name(source_buf))
end)
if not ok then
  result.error = tostring(err)
end
finish()
