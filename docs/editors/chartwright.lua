-- chartwright for Neovim 0.7 and later: filetype detection for chart
-- templates, the chartwright language server, and :ChartwrightPreview.
--
-- Copy this file to ~/.config/nvim/lua/chartwright.lua and add to init.lua:
--
--   require('chartwright').setup({
--     -- cmd = { 'chartwright', 'lsp' },          -- the server command
--     -- settings = { kubeVersion = '1.33', helmVersion = '4',
--     --              valuesFiles = { ['charts/web'] = { 'ci/prod.yaml' } },
--     --              rules = { ['values-unused'] = 'off' } },
--   })
--
-- See docs/editors/neovim.md.
local M = {}

local defaults = {
  cmd = { 'chartwright', 'lsp' },
  settings = {},
}

-- chart_root returns the folder of the chart holding path: the nearest
-- folder above it with a Chart.yaml.
local function chart_root(path)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while dir ~= '' do
    if vim.fn.filereadable(dir .. '/Chart.yaml') == 1 then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

-- outer_root returns the workspace folder for a chart: the folder above
-- the outermost chart (so that a subchart's files belong to its parent).
local function workspace_root(path)
  local root = chart_root(path)
  local outer = root
  while root do
    outer = root
    root = chart_root(vim.fn.fnamemodify(root, ':h'))
  end
  return outer and vim.fn.fnamemodify(outer, ':h') or nil
end

-- is_template reports whether path is a template of a chart: under a
-- templates/ folder of a folder with a Chart.yaml.
local function is_template(path)
  local dir = path:match('^(.*)/templates/')
  return dir ~= nil and vim.fn.filereadable(dir .. '/Chart.yaml') == 1
end

-- is_chart_file reports whether path is a chart file the server reads
-- besides templates: Chart.yaml, values files, .chartwright.yaml.
local function is_chart_file(path)
  local name = vim.fn.fnamemodify(path, ':t')
  if name == '.chartwright.yaml' then
    return true
  end
  return chart_root(path) ~= nil and (name == 'Chart.yaml' or name == 'values.schema.json'
    or name:match('^values.*%.ya?ml$') ~= nil or path:match('/ci/[^/]+%.ya?ml$') ~= nil)
end

local clients = {} -- workspace folder -> client id

local function attach(bufnr, opts)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local root = workspace_root(path)
  if not root then
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = 'chartwright',
      cmd = opts.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      settings = { chartwright = opts.settings },
      init_options = opts.settings,
      on_init = function(client)
        -- Neovim 0.7 answers workspace/configuration from settings; push them too.
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
      end,
    })
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

-- preview renders the chart of the current buffer with the server and
-- shows the manifest in a split; the buffer is read-only.
function M.preview()
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)
  local params = { command = 'chartwright.renderPreview', arguments = { uri } }
  vim.lsp.buf_request(bufnr, 'workspace/executeCommand', params, function(err, result)
    if err then
      vim.notify('chartwright: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    local lines = vim.split(result and result.text or '', '\n', { plain = true })
    vim.cmd('botright vsplit')
    local buf = vim.api.nvim_create_buf(false, true)
    vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)
    vim.api.nvim_buf_set_name(buf, 'chartwright://preview/' .. vim.fn.fnamemodify(vim.uri_to_fname(uri), ':t') .. '#' .. buf)
    vim.bo[buf].filetype = 'yaml'
    vim.bo[buf].modifiable = false
    vim.bo[buf].bufhidden = 'wipe'
    vim.api.nvim_win_set_buf(0, buf)
  end)
end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', defaults, user or {})
  local group = vim.api.nvim_create_augroup('chartwright', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = { '*/templates/*.yaml', '*/templates/*.yml', '*/templates/*.tpl', '*/templates/NOTES.txt',
      '*/templates/**/*.yaml', '*/templates/**/*.yml', '*/templates/**/*.tpl' },
    callback = function(args)
      if is_template(vim.api.nvim_buf_get_name(args.buf)) then
        vim.bo[args.buf].filetype = 'helm'
        vim.bo[args.buf].syntax = 'yaml' -- Neovim has no helm syntax; YAML's is close
      end
    end,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'helm', 'yaml', 'json' },
    callback = function(args)
      local path = vim.api.nvim_buf_get_name(args.buf)
      if vim.bo[args.buf].filetype == 'helm' or is_chart_file(path) then
        attach(args.buf, opts)
      end
    end,
  })
  vim.api.nvim_create_user_command('ChartwrightPreview', M.preview, { desc = 'Render the chart of this buffer' })
end

return M
