// A foreground Bash command that outlives its timeout moves to the background instead of being
// killed (Claude Code's behaviour), or earlier when the user asks: the result gives its id and the
// output so far, BashOutput reads what it writes later, KillShell stops it (no process left: checked
// by pid), and the session shell runs the next command from the same cwd as before.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workspace } from '../../src/core/ports';
import { BackgroundProcesses } from '../../src/core/shell/background';
import { PersistentShell } from '../../src/core/shell/persistentShell';
import { bashTool } from '../../src/core/tools/bash';
import { bashOutputTool, killShellTool } from '../../src/core/tools/bashOutput';
import type { Tool, ToolContext, ToolResult } from '../../src/core/tools/types';
import { alive, until as untilDefault } from '../harness/processes';
const until = <T>(f: () => T | undefined | false | null, what: string, ms = 15_000): Promise<T> => untilDefault(f, what, ms);

const call = <I>(tool: Tool<I>, raw: unknown, ctx: ToolContext): Promise<ToolResult> => tool.execute(tool.input.parse(raw), ctx);

describe('Bash: a foreground command moves to the background', () => {
  let dir: string;
  let shell: PersistentShell;
  let bg: BackgroundProcesses;
  let ctx: (toolUseId: string, agentName?: string) => ToolContext;
  const pidIn = (name: string) => () => {
    try {
      return Number(readFileSync(join(dir, name), 'utf8').trim()) || false;
    } catch {
      return false;
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-bash-bg-'));
    mkdirSync(join(dir, 'first'));
    mkdirSync(join(dir, 'other'));
    const scratchDir = join(dir, '.scratch');
    shell = new PersistentShell({ cwd: dir, scratchDir, killGraceMs: 200 });
    bg = new BackgroundProcesses({ scratchDir, spawnContext: () => shell.state(), killGraceMs: 200 });
    ctx = (toolUseId, agentName = 'main') => ({
      cwd: dir,
      workspace: {} as Workspace,
      proposals: { propose: () => Promise.reject(new Error('no proposals here')) },
      shell,
      session: { readFiles: new Map(), todos: [], scratchDir },
      clock: { now: () => 1000 },
      signal: new AbortController().signal,
      toolUseId,
      services: { background: bg, agentName },
    });
  });
  afterEach(() => {
    bg.dispose();
    shell.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('at its timeout: the result gives the id and the output so far, BashOutput reads the rest, KillShell leaves no process, the shell keeps its cwd', async () => {
    await call(bashTool, { command: 'cd first' }, ctx('t1'));
    assert.equal(shell.currentCwd, join(dir, 'first'));
    // It cannot finish before the test creates ../go, so the timeout is always reached first.
    const command = 'echo $$ > ../leader.pid; cd ../other; export MOVED=1; echo before; until [ -f ../go ]; do sleep 0.05; done; echo after; sleep 300 & echo $! > ../child.pid; wait';
    const moved = await call(bashTool, { command, timeout: 300 }, ctx('t2', 'Explore'));
    assert.equal(moved.isError, undefined);
    const id = /moved to the background with id (\S+) \(it was still running at its 0\.3 s timeout/.exec(moved.content)?.[1];
    assert.ok(id, moved.content);
    assert.match(moved.content, /Output so far:\nbefore\n\nShell working directory is still \S+\/first$/);
    const [job] = bg.list();
    assert.deepEqual([job.id, job.running, job.owner, job.command], [id, true, 'Explore', command]);
    const leader = await until(pidIn('leader.pid'), 'the leader pid');
    assert.equal(job.pid, leader, 'the background job is the moved command itself, not a new one');

    // The session shell is free at once, and the moved command's cd and export did not carry over.
    const next = await call(bashTool, { command: 'pwd; echo "moved=${MOVED:-unset}"' }, ctx('t3'));
    assert.equal(next.content.split('\n\n')[0], `${join(dir, 'first')}\nmoved=unset`);
    assert.equal(shell.currentCwd, join(dir, 'first'));

    writeFileSync(join(dir, 'go'), '');
    let seen = '';
    for (const end = Date.now() + 15_000; !seen.includes('after') && Date.now() < end; ) {
      const r = await call(bashOutputTool, { bash_id: id }, ctx('t4'));
      assert.match(r.content, /<status>running<\/status>/);
      seen += /<output>\n([\s\S]*)\n<\/output>/.exec(r.content)![1].replace('(no new output)', '');
      if (!seen.includes('after')) await new Promise((res) => setTimeout(res, 20));
    }
    assert.equal(seen.trim(), 'after', 'BashOutput gives what came after the move, not again what the model already had');
    assert.ok(readFileSync(job.outputFile, 'utf8').startsWith('before\nafter\n'), 'the output file holds the whole output');

    const child = await until(pidIn('child.pid'), 'the child pid');
    const stop = await call(killShellTool, { shell_id: id }, ctx('t5'));
    assert.match(stop.content, new RegExp(`Stopped background command ${id}`));
    await until(() => !alive(leader) && !alive(child), 'the moved command and its child to be gone');
    assert.equal(bg.list()[0].running, false);
  });

  it('on the user\'s request before the timeout (watchForeground/requestMove by tool call id)', async () => {
    assert.equal(bg.requestMove('nothing-runs'), false);
    let output = '';
    const running = bashTool.execute(bashTool.input.parse({ command: 'echo $$ > leader.pid; echo ready; exec sleep 300' }), {
      ...ctx('toolu_move'),
      onProgress: (chunk) => (output += chunk),
    });
    await until(() => output.includes('ready'), 'the command to start');
    assert.equal(bg.requestMove('toolu_move'), true);
    const r = await running;
    assert.match(r.content, /^Command moved to the background with id \S+ \(the user moved it there while it ran\)/);
    assert.match(r.content, /Output so far:\nready$/);
    assert.equal(bg.requestMove('toolu_move'), false, 'the request is spent once the command moved');
    const leader = await until(pidIn('leader.pid'), 'the pid');
    assert.equal(bg.list()[0].running, true);
    assert.equal((await call(bashTool, { command: 'echo next' }, ctx('t2'))).content, 'next');
    bg.dispose();
    await until(() => !alive(leader), 'dispose (the session ended) to stop it');
  });

  it('a command that ends before its timeout is not moved, and without background commands the timeout still kills', async () => {
    const quick = await call(bashTool, { command: 'echo quick' }, ctx('t1'));
    assert.equal(quick.content, 'quick');
    assert.deepEqual(bg.list(), []);
    const noServices = { ...ctx('t2'), services: undefined };
    const killed = await call(bashTool, { command: 'echo $$ > lone.pid; exec sleep 300', timeout: 300 }, noServices);
    assert.equal(killed.isError, true);
    assert.match(killed.content, /Command timed out after 0\.3 s; it and every process it started were killed/);
    const pid = await until(pidIn('lone.pid'), 'the pid');
    await until(() => !alive(pid), 'the killed command to be gone');
  });
});
