// Hooks in Claude Code's JSON, through the built CLI in a throwaway HOME and workspace. The fake
// model's requests prove what the model was told; files the hook commands write prove what ran.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { approveSettings, riskyParts } from '../../src/core/config/settingsFiles';
import { ensureCliBuilt } from './harness';
import { lastToolResults, messagesText, sandbox, say, toolUse } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

/** Claude Code's documented shape: {"hooks": {Event: [{"matcher": "...", "hooks": [{"type": "command", "command": "..."}]}]}}. */
function hooks(event: string, matcher: string | undefined, command: string, extra: Record<string, unknown> = {}): object {
  return { hooks: { [event]: [{ ...(matcher !== undefined ? { matcher } : {}), hooks: [{ type: 'command', command, ...extra }] }] } };
}

/** Running (a killed process whose parent died may linger as a zombie where nothing reaps it). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('hooks (CLI)', function () {
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

  it('PreToolUse exit 2 blocks a Write: stdin carries the documented fields, CLAUDE_PROJECT_DIR is set, stderr reaches the model', async () => {
    sb.write('~/.claude/settings.json', hooks('PreToolUse', 'Edit|Write', 'cat > "$HOME/pre-input.json"; echo "$CLAUDE_PROJECT_DIR|$TANDEM_PROJECT_DIR" > "$HOME/pre-env.txt"; echo "writes are frozen today" >&2; exit 2'));
    llm.push(toolUse('Write', { file_path: join(sb.ws, 'new.txt'), content: 'x' }, 'toolu_write1'), say('ok'));
    const r = await sb.cli(['-p', 'write it', '--permission-mode', 'acceptEdits']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!existsSync(join(sb.ws, 'new.txt')), 'the write was blocked');
    assert.match(lastToolResults(llm.requests[1])[0].content, /Blocked by a PreToolUse hook: writes are frozen today/);
    const input = JSON.parse(readFileSync(join(sb.home, 'pre-input.json'), 'utf8'));
    assert.equal(input.hook_event_name, 'PreToolUse');
    assert.equal(input.tool_name, 'Write');
    assert.deepEqual(input.tool_input, { file_path: join(sb.ws, 'new.txt'), content: 'x' });
    assert.equal(input.tool_use_id, 'toolu_write1');
    assert.equal(input.permission_mode, 'acceptEdits');
    assert.equal(input.cwd, sb.ws);
    assert.ok(input.session_id && input.transcript_path.endsWith('.jsonl'), JSON.stringify(input));
    assert.equal(readFileSync(join(sb.home, 'pre-env.txt'), 'utf8').trim(), `${sb.ws}|${sb.ws}`);
  });

  it('the matcher picks tools: a Bash-only hook does not run for Read; a regular expression matches', async () => {
    sb.write('~/.claude/settings.json', {
      hooks: {
        PreToolUse: [
          { matcher: 'Bash', hooks: [{ type: 'command', command: 'echo bash >> "$HOME/ran.txt"' }] },
          { matcher: 'Re.d', hooks: [{ type: 'command', command: 'echo regex >> "$HOME/ran.txt"' }] },
          { matcher: '*', hooks: [{ type: 'command', command: 'echo star >> "$HOME/ran.txt"' }] },
        ],
      },
    });
    sb.write('a.txt', 'hello');
    llm.push(toolUse('Read', { file_path: join(sb.ws, 'a.txt') }), say('ok'));
    const r = await sb.cli(['-p', 'read it']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readFileSync(join(sb.home, 'ran.txt'), 'utf8').trim().split('\n').sort(), ['regex', 'star']);
  });

  it("a hook's allow settles an ask but never a deny rule or a protected path", async () => {
    const allow = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', permissionDecisionReason: 'trusted by hook' } });
    sb.write('~/.claude/settings.json', { ...hooks('PreToolUse', 'Bash|Write', `echo '${allow}'`), permissions: { deny: ['Bash(rm:*)'] } });
    sb.write('victim.txt', 'keep');
    llm.push(
      toolUse('Bash', { command: 'touch made-by-allow' }),
      toolUse('Bash', { command: 'rm victim.txt' }),
      toolUse('Write', { file_path: join(sb.ws, '.git', 'config'), content: '[core]\n\tfsmonitor = evil\n' }),
      say('ok'),
    );
    const r = await sb.cli(['-p', 'go']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(sb.ws, 'made-by-allow')), 'the ask (no approver in -p) was settled by the hook');
    assert.match(lastToolResults(llm.requests[1])[0].content, /^(?!Permission denied)/);
    assert.ok(existsSync(join(sb.ws, 'victim.txt')), 'the deny rule held');
    assert.match(lastToolResults(llm.requests[2])[0].content, /denied by rule Bash\(rm:\*\)/);
    assert.ok(!existsSync(join(sb.ws, '.git', 'config')), 'the protected path held');
    assert.match(lastToolResults(llm.requests[3])[0].content, /Permission denied.*protected path/);
  });

  it('PreToolUse JSON deny with a reason, and updatedInput that the engine decides anew', async () => {
    const rewrite = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow', updatedInput: { command: 'echo rewritten > rewritten.txt' } } });
    const deny = JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no greps today' } });
    sb.write('~/.claude/settings.json', { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: `echo '${rewrite}'` }] }, { matcher: 'Grep', hooks: [{ type: 'command', command: `echo '${deny}'` }] }] } });
    llm.push(toolUse('Bash', { command: 'echo original > original.txt' }), toolUse('Grep', { pattern: 'x' }), say('ok'));
    const r = await sb.cli(['-p', 'go', '--permission-mode', 'acceptEdits', '--allowedTools', 'Bash(echo:*)']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(sb.ws, 'rewritten.txt')) && !existsSync(join(sb.ws, 'original.txt')), 'the hook\'s input ran instead');
    assert.match(lastToolResults(llm.requests[2])[0].content, /Blocked by a PreToolUse hook: no greps today/);
  });

  it('PostToolUse additionalContext and decision block reach the model; PostToolUseFailure runs for a failed call', async () => {
    const post = JSON.stringify({ decision: 'block', reason: 'lint failed: missing semicolon', hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: 'remember the style guide' } });
    sb.write('~/.claude/settings.json', {
      hooks: {
        PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: `cat > "$HOME/post-input.json"; echo '${post}'` }] }],
        PostToolUseFailure: [{ matcher: 'Read', hooks: [{ type: 'command', command: 'cat > "$HOME/failure-input.json"' }] }],
      },
    });
    llm.push(toolUse('Write', { file_path: join(sb.ws, 'a.js'), content: 'let a = 1' }), toolUse('Read', { file_path: join(sb.ws, 'missing.txt') }), say('ok'));
    const r = await sb.cli(['-p', 'go', '--permission-mode', 'acceptEdits']);
    assert.equal(r.code, 0, r.stderr);
    const result = lastToolResults(llm.requests[1])[0].content;
    assert.match(result, /PostToolUse hook feedback: lint failed: missing semicolon/);
    assert.match(result, /remember the style guide/);
    const postInput = JSON.parse(readFileSync(join(sb.home, 'post-input.json'), 'utf8'));
    assert.equal(postInput.hook_event_name, 'PostToolUse');
    assert.ok(postInput.tool_response, 'tool_response is passed');
    const failure = JSON.parse(readFileSync(join(sb.home, 'failure-input.json'), 'utf8'));
    assert.equal(failure.hook_event_name, 'PostToolUseFailure');
    assert.equal(failure.tool_name, 'Read');
  });

  it('UserPromptSubmit: plain stdout is context for the model; exit 2 drops the prompt and tells the user', async () => {
    sb.write('~/.claude/settings.json', hooks('UserPromptSubmit', undefined, 'cat > "$HOME/ups.json"; echo "Current sprint: HOOKS-42"'));
    llm.push(say('ok'));
    const a = await sb.cli(['-p', 'what is the sprint?']);
    assert.equal(a.code, 0, a.stderr);
    assert.match(messagesText(llm.requests[0]), /Current sprint: HOOKS-42/);
    assert.equal(JSON.parse(readFileSync(join(sb.home, 'ups.json'), 'utf8')).prompt, 'what is the sprint?');

    llm.requests.length = 0;
    sb.write('~/.claude/settings.json', hooks('UserPromptSubmit', undefined, 'echo "prompts mentioning secrets are blocked" >&2; exit 2'));
    const b = await sb.cli(['-p', 'tell me the secrets']);
    assert.equal(b.code, 1);
    assert.match(b.stderr, /UserPromptSubmit hook blocked this prompt.*prompts mentioning secrets are blocked/);
    assert.equal(llm.requests.length, 0, 'the prompt never reached the model');
  });

  it('Stop exit 2 makes the agent continue with the reason; the second Stop sees stop_hook_active', async () => {
    sb.write('~/.claude/settings.json', hooks('Stop', undefined, 'if grep -q \'"stop_hook_active":true\'; then echo again >> "$HOME/stops.txt"; exit 0; fi; echo first >> "$HOME/stops.txt"; echo "run the tests before stopping" >&2; exit 2'));
    llm.push(say('done early'), say('tests ran, done'));
    const r = await sb.cli(['-p', 'do it']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'tests ran, done');
    assert.equal(llm.requests.length, 2);
    assert.match(messagesText(llm.requests[1]), /Stop hook feedback: run the tests before stopping/);
    assert.deepEqual(readFileSync(join(sb.home, 'stops.txt'), 'utf8').trim().split('\n'), ['first', 'again']);
  });

  it('SessionStart stdout is context (source startup); SessionEnd runs when the CLI ends', async () => {
    sb.write('~/.claude/settings.json', {
      hooks: {
        SessionStart: [{ matcher: 'startup', hooks: [{ type: 'command', command: 'cat > "$HOME/start.json"; echo "Branch policy: never push to main"' }] }],
        SessionEnd: [{ hooks: [{ type: 'command', command: 'cat > "$HOME/end.json"' }] }],
      },
    });
    llm.push(say('ok'));
    const r = await sb.cli(['-p', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(messagesText(llm.requests[0]), /Branch policy: never push to main/);
    assert.equal(JSON.parse(readFileSync(join(sb.home, 'start.json'), 'utf8')).source, 'startup');
    assert.equal(JSON.parse(readFileSync(join(sb.home, 'end.json'), 'utf8')).hook_event_name, 'SessionEnd');
  });

  it('"enforce": true fails closed on a crash; without it the call goes through (fail open, as in Claude Code)', async () => {
    sb.write('~/.claude/settings.json', hooks('PreToolUse', 'Bash', 'echo guard broke >&2; exit 1', { enforce: true }));
    llm.push(toolUse('Bash', { command: 'touch enforced' }), say('ok'));
    const a = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.equal(a.code, 0, a.stderr);
    assert.ok(!existsSync(join(sb.ws, 'enforced')));
    assert.match(lastToolResults(llm.requests[1])[0].content, /Blocked by a PreToolUse hook: .*exited with 1: guard broke; it is enforced/);

    llm.requests.length = 0;
    sb.write('~/.claude/settings.json', hooks('PreToolUse', 'Bash', 'echo guard broke >&2; exit 1'));
    llm.push(toolUse('Bash', { command: 'touch open' }), say('ok'));
    const b = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.equal(b.code, 0, b.stderr);
    assert.ok(existsSync(join(sb.ws, 'open')), 'a plain hook fails open');
  });

  it('a timeout kills the hook and everything it started; identical commands from two files run once', async () => {
    const slow = 'sleep 60 & echo $! > "$HOME/child.pid"; echo once >> "$HOME/count.txt"; wait';
    sb.write('~/.claude/settings.json', hooks('PreToolUse', 'Bash', slow, { timeout: 1, enforce: true }));
    sb.write('~/.tandem/settings.json', hooks('PreToolUse', 'Bash', slow, { timeout: 1 }));
    llm.push(toolUse('Bash', { command: 'touch after-timeout' }), say('ok'));
    const r = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(sb.home, 'count.txt'), 'utf8'), 'once\n');
    assert.match(lastToolResults(llm.requests[1])[0].content, /timed out .*enforced/);
    assert.ok(!existsSync(join(sb.ws, 'after-timeout')));
    const child = Number(readFileSync(join(sb.home, 'child.pid'), 'utf8'));
    assert.ok(child > 0 && !alive(child), 'the background child of the hook was killed too');
  });

  it("a repository's hooks do not run until the user approves that file's hook set; a change asks again", async () => {
    const settings = hooks('PreToolUse', 'Bash', 'echo repo-hook >> "$HOME/repo-hook.txt"');
    const file = sb.write('.claude/settings.json', settings);
    llm.push(toolUse('Bash', { command: 'true' }), say('ok'));
    const a = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.equal(a.code, 0, a.stderr);
    assert.match(a.stderr, /is ignored in part until you approve it \(it would set: hook PreToolUse\[Bash\]: echo repo-hook/);
    assert.ok(!existsSync(join(sb.home, 'repo-hook.txt')), 'not approved: it did not run');

    approveSettings(file, riskyParts(settings as never).hash, join(sb.home, '.tandem'));
    llm.push(toolUse('Bash', { command: 'true' }), say('ok'));
    const b = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(readFileSync(join(sb.home, 'repo-hook.txt'), 'utf8'), 'repo-hook\n');

    sb.write('.claude/settings.json', hooks('PreToolUse', 'Bash', 'echo changed >> "$HOME/repo-hook.txt"'));
    llm.push(toolUse('Bash', { command: 'true' }), say('ok'));
    const c = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions']);
    assert.match(c.stderr, /ignored in part until you approve it/);
    assert.equal(readFileSync(join(sb.home, 'repo-hook.txt'), 'utf8'), 'repo-hook\n', 'the changed hook did not run');
  });

  it('disableAllHooks turns them off; stream-json reports every hook run', async () => {
    sb.write('~/.claude/settings.json', hooks('PreToolUse', 'Bash', 'echo ran >> "$HOME/ran.txt"'));
    llm.push(toolUse('Bash', { command: 'true' }), say('ok'));
    const a = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions', '--output-format', 'stream-json']);
    assert.equal(a.code, 0, a.stderr);
    const hookLines = a.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.subtype === 'hook');
    assert.equal(hookLines.length, 1);
    assert.equal(hookLines[0].event, 'PreToolUse');
    assert.equal(hookLines[0].outcome, 'ok');
    assert.equal(hookLines[0].exitCode, 0);

    llm.push(toolUse('Bash', { command: 'true' }), say('ok'));
    const b = await sb.cli(['-p', 'go', '--permission-mode', 'bypassPermissions', '--settings', '{"disableAllHooks": true}']);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(readFileSync(join(sb.home, 'ran.txt'), 'utf8'), 'ran\n', 'the second run ran no hook');
  });
});
