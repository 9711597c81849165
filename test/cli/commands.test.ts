// Custom slash commands and skills in Claude Code's layout, through the built CLI (-p "/name args")
// and the SDK. The fake model's requests prove what was expanded and listed; files prove what ran.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAgent } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt } from './harness';
import { lastToolResults, messagesText, sandbox, say, systemText, toolUse } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

const REVIEW = `---
description: Review a pull request
argument-hint: [pr-number] [priority]
allowed-tools: Bash(make:*)
model: claude-command-model
---
Review PR #$1 with priority $2 (all: $ARGUMENTS).
Marker: !\`make -s marker\`
Conventions: @docs/conventions.md
`;

const DEPLOY = `---
name: deploy
description: Deploy the service to staging. Use when the user asks to ship or deploy.
---
# Deploying
Run the deploy checklist in \${CLAUDE_SKILL_DIR}/checklist.md.
`;

describe('custom slash commands and skills', function () {
  this.timeout(180_000);
  let llm: FakeLlm;
  let sb: Sandbox;
  before(async function () {
    this.timeout(120_000);
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(() => llm?.close());
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    sb = sandbox(llm);
  });
  afterEach(() => sb.dispose());

  it('-p "/frontend:review 42 high": a namespaced project command with $1 $2 $ARGUMENTS, !`cmd` under its allowed-tools, @file, and its model', async () => {
    sb.write('.claude/commands/frontend/review.md', REVIEW);
    sb.write('docs/conventions.md', 'Tabs, not spaces.');
    sb.write('Makefile', 'marker:\n\ttouch granted.txt\n\techo inline-output\n');
    llm.push(say('reviewed'));
    const r = await sb.cli(['-p', '/frontend:review 42 high']);
    assert.equal(r.code, 0, r.stderr);
    const text = messagesText(llm.requests[0]);
    assert.match(text, /Review PR #42 with priority high \(all: 42 high\)\./);
    assert.match(text, /Marker: inline-output/);
    assert.match(text, /<file path="docs\/conventions\.md">\nTabs, not spaces\.\n<\/file>/);
    assert.ok(existsSync(join(sb.ws, 'granted.txt')), 'allowed-tools granted the !`touch` (default mode, no approver)');
    assert.equal(llm.requests[0].body.model, 'claude-command-model');
  });

  it("!`cmd` goes through the permission engine: without allowed-tools it does not run", async () => {
    sb.write('~/.claude/commands/sneaky.md', 'Result: !`touch not-allowed.txt`');
    llm.push(say('ok'));
    const r = await sb.cli(['-p', '/sneaky']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(sb.ws, 'not-allowed.txt')));
    assert.match(messagesText(llm.requests[0]), /Result: \[not run: needs approval/);
  });

  it("a user command from ~/.claude/commands gets ARGUMENTS appended when its body names none; an unknown /name is sent as typed", async () => {
    sb.write('~/.claude/commands/hello.md', 'Greet the user warmly.');
    llm.push(say('hi'), say('hi'));
    const a = await sb.cli(['-p', '/hello Ada Lovelace']);
    assert.equal(a.code, 0, a.stderr);
    assert.match(messagesText(llm.requests[0]), /Greet the user warmly\.\n\nARGUMENTS: Ada Lovelace/);
    const b = await sb.cli(['-p', '/nosuch thing']);
    assert.equal(b.code, 0, b.stderr);
    assert.match(messagesText(llm.requests[1]), /^\/nosuch thing/);
  });

  it('skills: listed to the model with the Skill tool in -p; the model loads one and reads its supporting file outside the workspace', async () => {
    sb.write('.claude/skills/deploy/SKILL.md', DEPLOY);
    sb.write('.claude/skills/deploy/checklist.md', 'never on Fridays');
    const userSkill = sb.write('~/.claude/skills/notes/SKILL.md', '---\nname: notes\ndescription: Write release notes\n---\nUse the template in reference.md.');
    sb.write('~/.claude/skills/notes/reference.md', 'TEMPLATE: ## Changes');
    llm.push(toolUse('Skill', { skill: 'notes' }), toolUse('Read', { file_path: join(userSkill, '..', 'reference.md') }), say('notes written'));
    const r = await sb.cli(['-p', 'write the release notes']);
    assert.equal(r.code, 0, r.stderr);
    const system = systemText(llm.requests[0]);
    assert.match(system, /# Skills\n.*\n- deploy: Deploy the service to staging\. Use when the user asks to ship or deploy\.\n- notes: Write release notes/);
    assert.ok(llm.requests[0].body.tools.some((t: { name: string }) => t.name === 'Skill'));
    assert.match(lastToolResults(llm.requests[1])[0].content, /Base directory for this skill: .*\/\.claude\/skills\/notes\n\nUse the template in reference\.md\./);
    assert.match(lastToolResults(llm.requests[2])[0].content, /TEMPLATE: ## Changes/);
  });

  it('the user invokes a skill as /deploy; a skill wins over a command of the same name', async () => {
    sb.write('.claude/skills/deploy/SKILL.md', DEPLOY);
    sb.write('.claude/commands/deploy.md', 'the command, not the skill');
    llm.push(say('deploying'));
    const r = await sb.cli(['-p', '/deploy now']);
    assert.equal(r.code, 0, r.stderr);
    const text = messagesText(llm.requests[0]);
    assert.match(text, new RegExp(`Run the deploy checklist in ${join(sb.ws, '.claude/skills/deploy').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/checklist\\.md\\.\\n\\nARGUMENTS: now`));
    assert.doesNotMatch(text, /the command, not the skill/);
  });

  it('SDK: a command as the prompt of agent.prompt(); its allowed-tools hold for that turn only', async () => {
    sb.write('.claude/commands/touchy.md', '---\nallowed-tools: Bash(touch:*)\n---\nTouch the file: !`touch first.txt && echo touched`');
    const home = process.env.HOME;
    process.env.HOME = sb.home;
    try {
      const agent = createAgent({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: sb.ws, userDir: join(sb.home, '.tandem'), persistSession: false });
      try {
        llm.push(toolUse('Bash', { command: 'touch during-turn.txt' }), say('done'));
        const a = await agent.prompt('/touchy');
        assert.equal(a.status, 'completed', a.error);
        assert.match(messagesText(llm.requests[0]), /Touch the file: touched/);
        assert.ok(existsSync(join(sb.ws, 'during-turn.txt')), 'granted during the command\'s turn');
        llm.push(toolUse('Bash', { command: 'touch next-turn.txt' }), say('done'));
        await agent.prompt('again');
        assert.ok(!existsSync(join(sb.ws, 'next-turn.txt')), 'not granted in the next turn');
      } finally {
        agent.close();
      }
    } finally {
      process.env.HOME = home;
    }
  });
});
