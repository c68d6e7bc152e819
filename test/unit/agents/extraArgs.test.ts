import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { claudeArgs } from '../../../src/engine/agents/claude/claudeArgs';
import { codexArgs } from '../../../src/engine/agents/codex/codexArgs';
import { claudeExtraArgs, codexExtraArgs, geminiExtraArgs } from '../../../src/engine/agents/extraArgs/cliExtraArgs';
import { extraArgsProblem, type ExtraArgsPolicy } from '../../../src/engine/agents/extraArgs/extraArgs';
import { geminiArgs } from '../../../src/engine/agents/gemini/geminiArgs';
import { ReviewError } from '../../../src/engine/errors';
import { checkReviewers } from '../../../src/engine/review/checkReviewers';
import type { ReviewerConfig } from '../../../src/shared/reviewerConfig';

/** Each refused case: the args, and the option the error must name. */
type Refused = [args: string[], named: string];

const claudeRefused: Refused[] = [
  [['--allowedTools', 'Bash'], '--allowedTools'],
  [['--allowed-tools', 'Bash'], '--allowed-tools'],
  [['--allowedTools=Bash'], '--allowedTools'],
  [['--tools', 'Bash,Edit,Write'], '--tools'],
  [['--setting-sources', 'project,local'], '--setting-sources'],
  [['--settingSources=project'], '--settingSources'],
  [['--settings', '{"hooks":{"PreToolUse":[]}}'], '--settings'],
  [['--mcp-config', '.mcp.json'], '--mcp-config'],
  [['--mcpConfig={"mcpServers":{}}'], '--mcpConfig'],
  [['--dangerously-skip-permissions'], '--dangerously-skip-permissions'],
  [['--permission-mode', 'bypassPermissions'], '--permission-mode'],
  [['--add-dir', '/'], '--add-dir'],
  [['--plugin-dir', './plugin'], '--plugin-dir'],
  [['--agents', '{}'], '--agents'],
  [['--system-prompt', 'obey the branch'], '--system-prompt'],
  [['-c'], '-c'],
  [['-d'], '-d'],
  [['do what the README says'], 'do what the README says'],
  [['--', '--allowedTools'], '--'],
  [['--max-turns', '--dangerously-skip-permissions'], '--dangerously-skip-permissions'],
  [['--max-turns=many'], '--max-turns'],
  [['--max-turns'], '--max-turns'],
  [['--verbose=yes'], '--verbose'],
  [['--fallback-model', 'sonnet;rm -rf ~'], '--fallback-model'],
];

const codexRefused: Refused[] = [
  [['--dangerously-bypass-approvals-and-sandbox'], '--dangerously-bypass-approvals-and-sandbox'],
  [['-c', 'mcp_servers.x.command="sh"'], 'mcp_servers.x.command'],
  [['-cmcp_servers.x.command=sh'], 'mcp_servers.x.command'],
  [['-c=mcp_servers.x.command=sh'], 'mcp_servers.x.command'],
  [['--config', 'sandbox_mode="danger-full-access"'], 'sandbox_mode'],
  [['--config=approval_policy="on-request"'], 'approval_policy'],
  [['-c', 'shell_environment_policy.inherit="all"'], 'shell_environment_policy.inherit'],
  [['-c', 'model_provider="../evil"'], '-c model_provider'],
  [['-c', 'openai_base_url="https://listener.example/v1"'], 'openai_base_url'],
  [['-c', 'model_providers.deep-review-endpoint.base_url="http://listener.example"'], '-c model_providers.deep-review-endpoint.base_url'],
  [['-c', 'model_providers.mine.base_url="https://user:pass@listener.example/v1"'], '-c model_providers.mine.base_url'],
  [['-c', 'model_providers.deep-review-endpoint.env_key="GH_TOKEN"'], '-c model_providers.deep-review-endpoint.env_key'],
  [['-c', 'model_providers.mine.env_key="ANTHROPIC_API_KEY"'], '-c model_providers.mine.env_key'],
  [['-c', 'model_providers.mine.env_key="OPENAI_API_KEY"'], '-c model_providers.mine.env_key'],
  [['-c', 'model_providers.mine.http_headers.x="y"'], 'model_providers.mine.http_headers.x'],
  [['-c', 'model_providers.openai.base_url="https://listener.example/v1"'], 'model_providers.openai.base_url'],
  [['-c', 'model_providers.mine.env_http_headers={ "X-Key" = "GH_TOKEN" }'], 'model_providers.mine.env_http_headers'],
  [['-c', 'model_providers.mine.query_params={ leak = "1" }'], 'model_providers.mine.query_params'],
  [['-c', 'model_providers."deep-review-endpoint".request_max_retries=0'], 'model_providers."deep-review-endpoint".request_max_retries'],
  [['-c', 'model_reasoning_summary="detailed"\nsandbox_mode="danger-full-access"'], '-c model_reasoning_summary'],
  [['-s', 'danger-full-access'], '-s'],
  [['--sandbox=workspace-write'], '--sandbox'],
  [['--add-dir', '/'], '--add-dir'],
  [['-C', '/'], '-C'],
  [['--cd=/'], '--cd'],
  [['--oss'], '--oss'],
  [['--local-provider', 'ollama'], '--local-provider'],
  [['--enable', 'web_search'], '--enable'],
  [['--profile', 'branch'], '--profile'],
  [['-p', 'branch'], '-p'],
  [['--trust'], '--trust'],
  [['--dangerously-bypass-hook-trust'], '--dangerously-bypass-hook-trust'],
  [['-m', 'gpt-4o'], '-m'],
  [['resume', '--last'], 'resume'],
];

const geminiRefused: Refused[] = [
  [['--skip-trust'], '--skip-trust'],
  [['--skipTrust'], '--skipTrust'],
  [['--allowed-tools', 'run_shell_command'], '--allowed-tools'],
  [['--allowedTools=run_shell_command'], '--allowedTools'],
  [['--include-directories', '/'], '--include-directories'],
  [['--includeDirectories=/'], '--includeDirectories'],
  [['--yolo'], '--yolo'],
  [['-y'], '-y'],
  [['-dy'], '-d'],
  [['--approval-mode=yolo'], '--approval-mode'],
  [['--approvalMode', 'yolo'], '--approvalMode'],
  [['--sandbox'], '--sandbox'],
  [['--no-sandbox'], '--no-sandbox'],
  [['-e', 'evil'], '-e'],
  [['--extensions', 'evil'], '--extensions'],
  [['--policy', './allow-all.toml'], '--policy'],
  [['--admin-policy=./allow-all.toml'], '--admin-policy'],
  [['--allowed-mcp-server-names', 'helper'], '--allowed-mcp-server-names'],
  [['--resume', 'latest'], '--resume'],
  [['--debug=false'], '--debug'],
  [['--debug', 'true'], 'true'],
];

const accepted: Array<[ExtraArgsPolicy, string[]]> = [
  [claudeExtraArgs, ['--max-turns', '200']],
  [claudeExtraArgs, ['--max-turns=200', '--maxTurns', '150']],
  [claudeExtraArgs, ['--max-budget-usd', '2.5', '--fallback-model', 'sonnet', '--verbose']],
  [codexExtraArgs, ['-c', 'model_reasoning_summary="detailed"', '--config=hide_agent_reasoning=true', '-cmodel_verbosity=low']],
  [codexExtraArgs, ['-c', 'model_providers.deep-review-endpoint.request_max_retries=0', '--config', 'model_providers.deep-review-endpoint.stream_idle_timeout_ms=1500']],
  // A provider of the user's own, as Codex's documentation defines one: the same as baseUrl and apiKeyEnv.
  [
    codexExtraArgs,
    ['-c', 'model_provider="local"', '-c', 'model_providers.local.name="Local"', '-c', 'model_providers.local.base_url="http://127.0.0.1:8000/v1"', '-c', 'model_providers.local.wire_api="responses"', '-c', 'model_providers.local.env_key="CODEX_LOCAL_KEY"', '-c', 'model_providers.local.request_max_retries=0'],
  ],
  [geminiExtraArgs, ['--debug']],
  [geminiExtraArgs, ['-d']],
];

for (const [policy, cases] of [[claudeExtraArgs, claudeRefused], [codexExtraArgs, codexRefused], [geminiExtraArgs, geminiRefused]] as const) {
  test(`${policy.cli}: every spelling of an option that could widen the agent is refused, the option named`, () => {
    for (const [args, named] of cases) {
      const problem = extraArgsProblem(args, policy);
      assert.ok(problem !== null, `${JSON.stringify(args)} is refused`);
      assert.ok(problem.includes(`\`${named}`), `${JSON.stringify(args)}: ${problem} names ${named}`);
    }
  });
}

test('the allowlisted options pass in each spelling the CLI accepts', () => {
  for (const [policy, args] of accepted) assert.equal(extraArgsProblem(args, policy), null, `${policy.cli} ${args.join(' ')}`);
});

const reviewer = (cli: ReviewerConfig['cli'], args: string[]): ReviewerConfig => ({ id: `my-${cli}`, cli, model: 'm', effort: 'high', enabled: true, args });

test('each CLI’s command line refuses such args: the reviewer fails with the reviewer and the option named', () => {
  const builds: Array<[ReviewerConfig, () => string[]]> = [
    [reviewer('claude', ['--allowedTools', 'Bash']), () => claudeArgs({ reviewer: reviewer('claude', ['--allowedTools', 'Bash']), answerSchema: {} })],
    [reviewer('codex', ['--dangerously-bypass-approvals-and-sandbox']), () => codexArgs({ reviewer: reviewer('codex', ['--dangerously-bypass-approvals-and-sandbox']), worktree: '/w', schemaFile: '/s', lastMessageFile: '/o' })],
    [reviewer('gemini', ['--skipTrust']), () => geminiArgs({ reviewer: reviewer('gemini', ['--skipTrust']), policyPath: '/p' })],
  ];
  for (const [config, build] of builds) {
    assert.throws(build, (error: unknown) => {
      assert.ok(error instanceof ReviewError && error.code === 'invalid-config');
      assert.match(error.userMessage, new RegExp(`^Reviewer "${config.id}" has "args" Deep Review refuses: \`${(config.args ?? [])[0] ?? ''}\``));
      assert.match(error.userMessage, /may only use: /);
      return true;
    });
  }
});

test('Check Reviewers names refused args and runs nothing, not even the command’s --version', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deep-review-args-check-'));
  try {
    const canary = path.join(dir, 'ran');
    const command = path.join(dir, 'claude');
    fs.writeFileSync(command, `#!/bin/sh\necho ran > '${canary}'\necho 2.1.0\n`, { mode: 0o755 });
    const allowed = await checkReviewers([{ ...reviewer('claude', ['--max-turns', '9']), command }], { PATH: process.env.PATH ?? '' });
    assert.equal(allowed[0]?.binary.version, '2.1.0');
    assert.ok(fs.existsSync(canary), 'control: with allowed args the command is asked for its version');
    fs.rmSync(canary);

    const [check] = await checkReviewers([{ ...reviewer('claude', ['--settings', '{"hooks":{}}']), command }], { PATH: process.env.PATH ?? '' });
    assert.match(check?.binary.error ?? '', /Reviewer "my-claude" has "args" Deep Review refuses: `--settings`/);
    assert.equal(check?.binary.path, null);
    assert.ok(!fs.existsSync(canary), 'nothing ran');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
