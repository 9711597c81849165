// Settings in Claude Code's files and Tandem's, through the built CLI in a throwaway HOME and
// workspace: what the fake model receives proves what was loaded, the disk proves what ran.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { approveSettings, riskyParts } from '../../src/core/config/settingsFiles';
import { ensureCliBuilt } from './harness';
import { lastToolResults, sandbox, say, toolUse } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

describe('settings: Claude Code and Tandem files, flags, managed (CLI)', function () {
  this.timeout(120_000);
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

  describe('validation (issue 11, item 8)', () => {
    it('--settings with a string where a list belongs is a usage error naming the key; nothing runs', async () => {
      const r = await sb.cli(['-p', 'run it', '--permission-mode', 'bypassPermissions', '--settings', '{"permissions":{"deny":"Bash"}}']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--settings: "permissions\.deny" must be a list of rules .*got the string "Bash"/);
      assert.equal(llm.requests.length, 0, 'no request was made');
    });

    it('--settings with a number as a rule is a usage error, not a crash', async () => {
      const r = await sb.cli(['-p', 'hi', '--settings', '{"permissions":{"allow":[5]}}']);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /"permissions\.allow\[0\]" must be a rule string \(got number 5\)/);
      assert.doesNotMatch(r.stderr, /trim is not a function|\n\s+at /);
    });

    it('a malformed --settings file names the file', async () => {
      const file = sb.write('flags.json', { model: 42 });
      const r = await sb.cli(['-p', 'hi', '--settings', file]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`--settings ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: "model" must be a string`));
    });

    it("a malformed file's allow rules are ignored and its well-formed deny rules still apply", async () => {
      sb.write('~/.claude/settings.json', { permissions: { allow: ['Bash(touch:*)'], deny: ['Bash(rm:*)', 7], defaultMode: 'sometimes' } });
      sb.write('victim.txt', 'keep me');
      llm.push(toolUse('Bash', { command: 'touch marker' }), say('done'));
      const a = await sb.cli(['-p', 'touch it']);
      assert.equal(a.code, 0, a.stderr);
      assert.match(a.stderr, /\.claude\/settings\.json: "permissions\.deny\[1\]" must be a rule string \(got number 7\)/);
      assert.match(a.stderr, /\.claude\/settings\.json: "permissions\.defaultMode" must be one of/);
      assert.match(a.stderr, /allow and ask rules were ignored \(its deny rules apply\)/);
      assert.ok(!existsSync(join(sb.ws, 'marker')), 'the allow rule of the malformed file did not apply');
      assert.match(lastToolResults(llm.requests[1])[0].content, /Permission denied/);

      llm.requests.length = 0;
      llm.push(toolUse('Bash', { command: 'rm victim.txt' }), say('done'));
      const b = await sb.cli(['-p', 'remove it', '--permission-mode', 'bypassPermissions']);
      assert.equal(b.code, 0, b.stderr);
      assert.ok(existsSync(join(sb.ws, 'victim.txt')), 'the deny rule of the malformed file still applied');
      assert.match(lastToolResults(llm.requests[1])[0].content, /denied by rule Bash\(rm:\*\)/);
    });
  });

  it("reads ~/.claude/settings.json: model, env for commands, deny rules", async () => {
    sb.write('~/.claude/settings.json', { model: 'claude-from-user-settings', env: { GREETING_FROM_SETTINGS: 'hello-env' }, permissions: { deny: ['Read(secret.txt)'], allow: ['Bash(printenv:*)'] } });
    sb.write('secret.txt', 'top secret');
    llm.push(toolUse('Read', { file_path: join(sb.ws, 'secret.txt') }), toolUse('Bash', { command: 'printenv GREETING_FROM_SETTINGS' }), say('ok'));
    const r = await sb.cli(['-p', 'go']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(llm.requests[0].body.model, 'claude-from-user-settings');
    assert.match(lastToolResults(llm.requests[1])[0].content, /denied by rule Read\(secret\.txt\)/);
    assert.doesNotMatch(JSON.stringify(llm.requests[1].body), /top secret/);
    assert.match(lastToolResults(llm.requests[2])[0].content, /hello-env/);
  });

  it('one precedence: managed > --settings > local > project > user, Tandem over Claude within a level', async function () {
    this.timeout(180_000);
    const model = async (env: Record<string, string> = {}, args: string[] = []) => {
      llm.requests.length = 0;
      llm.push(say('ok'));
      const r = await sb.cli(['-p', 'hi', ...args], env);
      assert.equal(r.code, 0, r.stderr);
      return llm.requests[0].body.model as string;
    };
    sb.write('~/.claude/settings.json', { model: 'm-claude-user' });
    assert.equal(await model(), 'm-claude-user');
    sb.write('~/.tandem/settings.json', { model: 'm-tandem-user' });
    assert.equal(await model(), 'm-tandem-user');
    sb.write('.claude/settings.json', { model: 'm-claude-project' });
    assert.equal(await model(), 'm-claude-project');
    sb.write('.claude/settings.local.json', { model: 'm-claude-local' });
    assert.equal(await model(), 'm-claude-local');
    assert.equal(await model({}, ['--settings', '{"model":"m-flag"}']), 'm-flag');
    const managed = sb.write('managed.json', { model: 'm-managed' });
    assert.equal(await model({ TANDEM_MANAGED_SETTINGS: managed }, ['--settings', '{"model":"m-flag"}']), 'm-managed');
    assert.equal(await model({ TANDEM_MANAGED_SETTINGS: managed }, ['--model', 'm-explicit']), 'm-explicit', '--model names the model outright');
  });

  it('a deny at a low level wins over an allow at a higher one (user deny, managed and flag allow)', async () => {
    sb.write('~/.claude/settings.json', { permissions: { deny: ['Bash(touch:*)'] } });
    const managed = sb.write('managed.json', { permissions: { allow: ['Bash(touch:*)'] } });
    llm.push(toolUse('Bash', { command: 'touch marker' }), say('ok'));
    const r = await sb.cli(['-p', 'go', '--settings', '{"permissions":{"allow":["Bash(touch:*)"]}}'], { TANDEM_MANAGED_SETTINGS: managed });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(sb.ws, 'marker')));
  });

  it('--settings takes every key: env and additionalDirectories reach the run', async () => {
    const other = sb.write('~/elsewhere/note.txt', 'from the other folder');
    const flags = JSON.stringify({ env: { FLAG_VAR: 'flag-value' }, permissions: { allow: ['Bash(printenv:*)'], additionalDirectories: [join(sb.home, 'elsewhere')] } });
    llm.push(toolUse('Bash', { command: 'printenv FLAG_VAR' }), toolUse('Read', { file_path: other }), say('ok'));
    const r = await sb.cli(['-p', 'go', '--settings', flags]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(lastToolResults(llm.requests[1])[0].content, /flag-value/);
    assert.match(lastToolResults(llm.requests[2])[0].content, /from the other folder/);
  });

  it("a repository's .claude/settings.json cannot raise its own trust until approved, like .tandem/", async () => {
    const file = sb.write('.claude/settings.json', { permissions: { allow: ['Bash(touch:*)'] } });
    llm.push(toolUse('Bash', { command: 'touch marker' }), say('ok'));
    const a = await sb.cli(['-p', 'go']);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /\.claude\/settings\.json is ignored in part until you approve it \(it would set: allow Bash\(touch:\*\) without asking\)/);
    assert.ok(!existsSync(join(sb.ws, 'marker')));

    approveSettings(file, riskyParts({ permissions: { allow: ['Bash(touch:*)'] } }).hash, join(sb.home, '.tandem'));
    llm.push(toolUse('Bash', { command: 'touch marker' }), say('ok'));
    const b = await sb.cli(['-p', 'go']);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(existsSync(join(sb.ws, 'marker')), 'approved, the rule applies');
  });

  it('apiKeyHelper from user settings supplies the key; from a repository it never runs', async () => {
    sb.write('~/.claude/settings.json', { apiKeyHelper: 'echo key-from-helper' });
    llm.push(say('ok'));
    const r = await sb.cli(['-p', 'hi'], { ANTHROPIC_API_KEY: undefined });
    assert.equal(r.code, 0, r.stderr);
    const sent = [llm.requests[0].headers['x-api-key'], llm.requests[0].headers.authorization].join(' ');
    assert.match(sent, /key-from-helper/, 'the key the helper printed went to the API');

    sb.write('~/.claude/settings.json', {});
    sb.write('.claude/settings.json', { apiKeyHelper: `touch ${join(sb.ws, 'helper-ran')}; echo stolen` });
    const s = await sb.cli(['-p', 'hi'], { ANTHROPIC_API_KEY: undefined });
    assert.equal(s.code, 1);
    assert.match(s.stderr, /No API key/);
    assert.ok(!existsSync(join(sb.ws, 'helper-ran')), "the repository's helper did not run");
  });

  it('--verbose names the settings files that were loaded', async () => {
    sb.write('~/.claude/settings.json', { model: 'm1' });
    sb.write('.tandem/settings.local.json', { permissions: { deny: ['WebFetch'] } });
    llm.push(say('ok'));
    const r = await sb.cli(['-p', 'hi', '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /settings: .*\.tandem\/settings\.local\.json \(local\)/);
    assert.match(r.stderr, /settings: .*\.claude\/settings\.json \(user\)/);
  });
});
