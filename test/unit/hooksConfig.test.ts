// Hook matchers and the validation of hooks and other settings keys (Claude Code's shapes).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateSettings } from '../../src/core/config/validate';
import { riskyParts } from '../../src/core/config/trust';
import { Hooks } from '../../src/core/hooks/hooks';
import { matcherMatches } from '../../src/core/hooks/matcher';

describe('hook matchers', () => {
  const cases: [string | undefined, string, boolean][] = [
    [undefined, 'Bash', true],
    ['', 'Bash', true],
    ['*', 'Write', true],
    ['Edit|Write', 'Write', true],
    ['Edit|Write', 'MultiEdit', false],
    ['Edit,Write', 'Edit', true],
    ['Bash', 'BashOutput', false],
    ['mcp__github__.*', 'mcp__github__create_issue', true],
    ['mcp__github__.*', 'mcp__gitlab__x', false],
    ['Notebook.*', 'NotebookEdit', true],
  ];
  for (const [m, v, want] of cases) it(`${JSON.stringify(m)} ${want ? 'matches' : 'does not match'} ${v}`, () => assert.equal(matcherMatches(m, v), want));
});

describe('settings validation', () => {
  it('names the file and key of each malformed value and keeps the well-formed rest', () => {
    const v = validateSettings(
      { permissions: { deny: 'Bash', allow: ['Read', 3] }, env: { A: 1, B: { x: 1 } }, model: 7, hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'true' }, { type: 'command' }] }], Bogus: [] }, disableAllHooks: 'yes' },
      '/x/settings.json',
    );
    assert.deepEqual(v.errors, [
      '/x/settings.json: "permissions.allow[1]" must be a rule string (got number 3)',
      '/x/settings.json: "permissions.deny" must be a list of rules such as ["Bash(npm test)", "Read(.env)"] (got the string "Bash")',
      '/x/settings.json: "env.B" must be a string (got an object)',
      '/x/settings.json: "model" must be a string (got number 7)',
      '/x/settings.json: "disableAllHooks" must be true or false (got the string "yes")',
      '/x/settings.json: "hooks.PreToolUse[0].hooks[1].command" must be a command line (got nothing)',
      '/x/settings.json: "hooks.Bogus" is not a hook event; the events are PreToolUse, PostToolUse, PostToolUseFailure, PermissionRequest, UserPromptSubmit, Stop, SubagentStop, SessionStart, SessionEnd, PreCompact, PostCompact, Notification',
    ]);
    assert.deepEqual(v.settings.permissions, { allow: ['Read'] });
    assert.deepEqual(v.settings.env, { A: '1' });
    assert.deepEqual(v.settings.hooks, { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'true' }] }] });
  });

  it("a repository's hooks are part of what it must have approved, and changing one changes the hash", () => {
    const a = riskyParts({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh' }] }] } });
    assert.deepEqual(a.items, ['hook PreToolUse[Bash]: ./guard.sh']);
    const b = riskyParts({ hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: './guard.sh --lenient' }] }] } });
    assert.notEqual(a.hash, b.hash);
    assert.equal(riskyParts({ permissions: { allow: ['Bash(x)'] } }).hash, riskyParts({ permissions: { allow: ['Bash(x)'] }, hooks: {} }).hash, 'no hooks: the hash approvals were given with stays');
  });
});

describe('Hooks.run', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tandem-hooks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const make = (defs: { event: 'PreToolUse' | 'Stop'; command: string; matcher?: string; enforce?: boolean; timeout?: number }[]) =>
    new Hooks({ definitions: defs.map((d) => ({ type: 'command', matcher: '', source: 'test', scope: 'user', ...d })), projectDir: dir, sessionId: 's1', permissionMode: () => 'default' });

  it('deny beats ask beats allow across parallel hooks; a non-JSON exit 0 is just ok', async () => {
    const json = (d: string) => `echo '${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: d, permissionDecisionReason: d } })}'`;
    const out = await make([{ event: 'PreToolUse', command: json('allow') }, { event: 'PreToolUse', command: json('deny') }, { event: 'PreToolUse', command: json('ask') }, { event: 'PreToolUse', command: 'echo plain' }]).run('PreToolUse', { tool_name: 'Bash' }, { match: 'Bash' });
    assert.deepEqual(out.permission, { decision: 'deny', reason: 'deny' });
    assert.equal(out.runs.length, 4);
    assert.deepEqual(out.context, [], 'plain stdout is context only for UserPromptSubmit and SessionStart');
  });

  it('any other exit is a notice for the user, not a block; output is capped', async () => {
    const out = await make([{ event: 'Stop', command: 'head -c 50000 /dev/zero | tr "\\\\0" x >&2; exit 3' }]).run('Stop', {});
    assert.equal(out.block, undefined);
    assert.equal(out.runs[0].outcome, 'error');
    assert.equal(out.runs[0].stderr.length, 10_000);
    assert.match(out.notices[0], /exited with 3/);
  });

  it('invalid JSON from an enforced hook blocks', async () => {
    const out = await make([{ event: 'PreToolUse', command: 'echo "{not json"', enforce: true }]).run('PreToolUse', {}, { match: 'Bash' });
    assert.match(out.block ?? '', /not valid JSON.*enforced/);
    assert.equal(out.permission?.decision, 'deny');
  });
});
