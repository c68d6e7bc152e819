-- Drives Neovim (headless) through a Deep Review round the way a user would, with the setup of
-- docs/editors.md: start the server, run the review command, wait for its progress to end, read the
-- diagnostics, apply the fix through the code-action menu, write the file, dismiss a finding, show the report.
-- Inputs (environment): DR_CMD (JSON list: the server command), DR_FILE (the file to open), DR_SETTINGS (JSON:
-- the deepReview settings), DR_RESULT (where to write what happened, as JSON). Exits Neovim when done.

local result = { steps = {}, progress = {}, messages = {} }
local function finish(problem)
  result.problem = problem
  local file = io.open(os.getenv('DR_RESULT'), 'w')
  file:write(vim.json.encode(result))
  file:close()
  vim.cmd('qa!')
end

local function wait(ms, condition, what)
  if not vim.wait(ms, condition, 50) then
    finish('timed out waiting for ' .. what)
    return false
  end
  return true
end

local ok, problem = pcall(function()
  if os.getenv('DR_LSP_LOG') then vim.lsp.set_log_level('debug') end
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('DR_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local root = vim.fn.fnamemodify(os.getenv('DR_FILE'), ':h:h')

  -- What Neovim 0.8+ and 0.10+ declare (workspace/configuration, window/showDocument); Debian 12's 0.7 answers
  -- both but does not declare them.
  local capabilities = vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), {
    workspace = { configuration = true },
    window = { showDocument = { support = true } },
  })
  local config = {
    name = 'deep-review',
    cmd = vim.json.decode(os.getenv('DR_CMD')),
    root_dir = root,
    settings = { deepReview = vim.json.decode(os.getenv('DR_SETTINGS')) },
    capabilities = capabilities,
    handlers = {
      -- As Neovim 0.10 does: open the document.
      ['window/showDocument'] = function(_, params)
        result.shownDocument = params.uri
        vim.cmd('edit ' .. vim.fn.fnameescape(vim.uri_to_fname(params.uri)))
        return { success = true }
      end,
      ['window/showMessage'] = function(_, params)
        table.insert(result.messages, params.message)
      end,
    },
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  local client
  if not wait(20000, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 'the server to start') then return end

  -- Progress: record every message until the review's progress ends.
  local progress_ended = false
  vim.api.nvim_create_autocmd('User', {
    pattern = 'LspProgressUpdate',
    callback = function()
      for _, entry in pairs(client.messages.progress) do
        if entry.message then table.insert(result.progress, entry.message) end
        if entry.title == 'Deep Review' and entry.done then progress_ended = true end
      end
    end,
  })

  local review_done = false
  client.request('workspace/executeCommand', { command = 'deepReview.lsp.review' }, function(err, review)
    result.review = review
    result.reviewError = err and err.message or nil
    review_done = true
  end, bufnr)
  if not wait(tonumber(os.getenv('DR_REVIEW_WAIT_MS') or '240000'), function() return review_done and (progress_ended or result.reviewError ~= nil) end, 'the review and its progress to end') then return end
  if result.reviewError then return finish('review failed: ' .. result.reviewError) end
  table.insert(result.steps, 'reviewed')

  if not wait(10000, function() return #vim.diagnostic.get(bufnr) == 2 end, 'two diagnostics') then return end
  result.diagnostics = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = diagnostic.code, lnum = diagnostic.lnum, source = diagnostic.source, message = diagnostic.message })
  end

  -- The code-action menu at the critical finding's line; the user picks the fix.
  local critical
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if diagnostic.code == 'C1' then critical = diagnostic end
  end
  vim.api.nvim_win_set_cursor(0, { critical.lnum + 1, 0 })
  local offered
  vim.ui.select = function(items, _, on_choice)
    offered = {}
    for _, item in ipairs(items) do table.insert(offered, item[2].title) end
    for index, item in ipairs(items) do
      if item[2].title:match('^Apply Deep Review fix %(C1%)') then return on_choice(item, index) end
    end
    on_choice(nil)
  end
  vim.lsp.buf.code_action()
  if not wait(10000, function() return offered ~= nil end, 'the code actions') then return end
  result.offeredActions = offered
  if not wait(10000, function() return vim.bo[bufnr].modified end, 'the fix to be applied') then return end
  vim.api.nvim_buf_call(bufnr, function() vim.cmd('write') end)
  table.insert(result.steps, 'fixed')

  -- The server recorded the fix (deepReview.fixApplied, sent by the code action): its status says so.
  if not wait(10000, function()
    local answer = client.request_sync('deepReview/currentReport', {}, 5000, bufnr)
    local status = answer and answer.result and answer.result.statuses and answer.result.statuses.C1
    result.fixStatus = status and status.status or nil
    return result.fixStatus == 'fixed'
  end, 'the applied fix to be recorded') then return end

  local dismissed = client.request_sync('workspace/executeCommand', { command = 'deepReview.lsp.dismiss', arguments = { 'S1', 'Intended behaviour' } }, 10000, bufnr)
  result.dismissError = dismissed and dismissed.err and dismissed.err.message or nil
  if not wait(10000, function() return #vim.diagnostic.get(bufnr) == 0 end, 'the dismissed finding to go') then return end
  table.insert(result.steps, 'dismissed')

  local shown = client.request_sync('workspace/executeCommand', { command = 'deepReview.lsp.showReport', arguments = {} }, 20000, bufnr)
  result.report = shown and shown.result or nil
  result.currentFile = vim.api.nvim_buf_get_name(0)
  table.insert(result.steps, 'report')
  finish(nil)
end)
if not ok then finish('error: ' .. tostring(problem)) end
