// `tandem -p /status` (issue 13 item 1): what the run would use, printed without calling the model:
// model and provider, permission mode, every settings file found (Claude Code's and Tandem's) with
// what of it waits for approval, the MCP servers, the memory files, the commands and skills.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt } from './harness';
import { sandbox } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

describe('tandem -p /status', function () {
  this.timeout(120_000);
  let llm: FakeLlm;
  let sb: Sandbox;
  before(async function () {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(() => llm?.close());
  beforeEach(() => {
    llm.requests.length = 0;
    sb = sandbox(llm);
  });
  afterEach(() => sb.dispose());

  it('prints the model, mode, settings files (a repository hook awaiting approval), MCP servers, memory files and commands; no request is made', async () => {
    sb.write('~/.claude/settings.json', { model: 'claude-from-user-settings', permissions: { defaultMode: 'acceptEdits' } });
    sb.write('.claude/settings.json', { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }] } });
    sb.write('.claude/settings.local.json', '{ not json');
    sb.write('CLAUDE.md', '# Project rules');
    sb.write('AGENTS.md', '# Agent rules');
    sb.write('.claude/commands/review.md', '---\ndescription: Review\n---\nReview it.');
    sb.write('.claude/skills/deploy/SKILL.md', '---\nname: deploy\ndescription: Deploy\n---\nSteps.');
    sb.write('.mcp.json', { mcpServers: { tracker: { command: 'node', args: ['tracker.js'] } } });
    const r = await sb.cli(['-p', '/status']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout;
    assert.match(out, /^Model: claude-from-user-settings \(anthropic\)$/m);
    assert.match(out, /^Permission mode: acceptEdits$/m);
    assert.match(out, /\.claude\/settings\.json \[user\]: loaded$/m);
    assert.match(out, /\.claude\/settings\.json \[project\]: loaded in part$/m);
    assert.match(out, /awaiting approval: hook PreToolUse\b.*\.\/guard\.sh/);
    assert.match(out, /\.claude\/settings\.local\.json \[local\]: not loaded \(error\)$/m);
    assert.match(out, /^ {2}tracker \[project\]: pending-approval$/m);
    assert.match(out, /^Memory files: 2$/m);
    assert.match(out, /^Custom commands: 1; skills: 1$/m);
    assert.equal(llm.requests.length, 0, 'the model was not called');
    assert.equal(existsSync(join(sb.home, '.tandem', 'projects')), false, 'no session was written');
  });
});

describe('tandem -p /status and /memory without an API key', function () {
  this.timeout(120_000);
  let llm: FakeLlm;
  let sb: Sandbox;
  before(async function () {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(() => llm?.close());
  beforeEach(() => (sb = sandbox(llm)));
  afterEach(() => sb.dispose());

  it('answer without a key (they call no model), while a prompt for the model still says the key is missing', async () => {
    sb.write('CLAUDE.md', '# Project rules');
    const noKey = { ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined };
    const status = await sb.cli(['-p', '/status'], noKey);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^Memory files: 1$/m);
    const memory = await sb.cli(['-p', '/memory'], noKey);
    assert.equal(memory.code, 0, memory.stderr);
    assert.match(memory.stdout, /CLAUDE\.md/);
    const prompt = await sb.cli(['-p', 'hello'], noKey);
    assert.notEqual(prompt.code, 0);
    assert.match(prompt.stderr, /No API key for anthropic/);
    assert.equal(llm.requests.length, 0);
  });
});
