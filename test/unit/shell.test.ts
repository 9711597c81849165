import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PersistentShell } from '../../src/core/shell/persistentShell';
import type { ShellRunOptions } from '../../src/core/ports';

/** Pids of live processes whose command line matches `pattern` (a marker only this test uses). */
function pids(pattern: string): number[] {
  const r = spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .filter((pid) => pid !== process.pid);
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A sleep duration unique to this run, so pgrep finds only what this test started. */
function marker(): string {
  return `3${Math.floor(Math.random() * 9) + 1}.${process.pid}${Math.floor(Math.random() * 1000)}`;
}

describe('PersistentShell', () => {
  let dir: string;
  let shell: PersistentShell;
  const started: string[] = [];

  const opts = (extra: Partial<ShellRunOptions> = {}): ShellRunOptions => ({
    timeoutMs: 10_000,
    signal: new AbortController().signal,
    ...extra,
  });

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-shell-')));
    fs.mkdirSync(path.join(dir, 'sub'));
    shell = new PersistentShell({ cwd: dir, scratchDir: path.join(dir, '.scratch'), killGraceMs: 500 });
  });

  afterEach(() => {
    shell.dispose();
    // Anything a failed test left running is ended by pid.
    for (const m of started.splice(0)) for (const pid of pids(`sleep ${m}`)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the working directory and exported variables between commands', async () => {
    const first = await shell.run('cd sub && export FOO=from-first && BAR=not-exported', opts());
    assert.equal(first.exitCode, 0);
    assert.equal(first.cwd, path.join(dir, 'sub'));
    const second = await shell.run('pwd; echo "foo=$FOO bar=$BAR"', opts());
    assert.equal(second.output, `${path.join(dir, 'sub')}\nfoo=from-first bar=\n`);
    await shell.run('unset FOO', opts());
    assert.equal((await shell.run('echo "[$FOO]"', opts())).output, '[]\n');
  });

  it('keeps values with spaces and newlines intact, and SHLVL does not drift', async () => {
    await shell.run(`export MULTI=$'a b\\nc=d'`, opts());
    const r1 = await shell.run('printf "%s|" "$MULTI"; echo "$SHLVL"', opts());
    const r2 = await shell.run('echo "$SHLVL"', opts());
    assert.equal(r1.output.split('|')[0], 'a b\nc=d');
    assert.equal(r1.output.split('|')[1], r2.output);
  });

  it('returns the exact exit code, and keeps the cwd after an explicit exit', async () => {
    assert.equal((await shell.run('true', opts())).exitCode, 0);
    assert.equal((await shell.run('false', opts())).exitCode, 1);
    const three = await shell.run('cd sub; exit 3', opts());
    assert.equal(three.exitCode, 3);
    assert.equal(three.cwd, path.join(dir, 'sub'));
    const missing = await shell.run('definitely-not-a-command-xyz', opts());
    assert.equal(missing.exitCode, 127);
    assert.match(missing.output, /definitely-not-a-command-xyz: command not found/);
    assert.equal(missing.timedOut, false);
    assert.equal(missing.interrupted, false);
  });

  it('captures stderr merged with stdout in the order written, and streams it', async () => {
    const chunks: { text: string; at: number }[] = [];
    const r = await shell.run('echo one; sleep 0.4; echo two >&2; sleep 0.4; echo three', {
      ...opts(),
      onOutput: (text) => chunks.push({ text, at: Date.now() }),
    });
    const done = Date.now();
    assert.equal(r.output, 'one\ntwo\nthree\n');
    assert.equal(chunks.map((c) => c.text).join(''), r.output);
    assert.ok(chunks.length >= 3, `expected separate chunks, got ${JSON.stringify(chunks)}`);
    const firstAt = chunks.find((c) => c.text.includes('one'))!.at;
    assert.ok(done - firstAt >= 600, 'the first line must arrive while the command is still running');
  });

  it('kills the whole process tree on timeout', async () => {
    const m = marker();
    started.push(m);
    const t0 = Date.now();
    const r = await shell.run(`echo begun; sleep ${m} & sleep ${m}; wait`, opts({ timeoutMs: 700 }));
    assert.equal(r.timedOut, true);
    assert.equal(r.interrupted, false);
    assert.equal(r.exitCode, null);
    assert.equal(r.output, 'begun\n');
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(await waitUntil(() => pids(`sleep ${m}`).length === 0, 2000), 'a sleep survived the timeout');
    // The session survives: the next command runs normally.
    assert.equal((await shell.run('echo alive', opts())).output, 'alive\n');
  });

  it('stops the command when the AbortSignal fires', async () => {
    const m = marker();
    started.push(m);
    const controller = new AbortController();
    const t0 = Date.now();
    setTimeout(() => controller.abort(), 400);
    const r = await shell.run(`echo started; sleep ${m}`, opts({ signal: controller.signal }));
    assert.equal(r.interrupted, true);
    assert.equal(r.timedOut, false);
    assert.equal(r.output, 'started\n');
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(await waitUntil(() => pids(`sleep ${m}`).length === 0, 2000), 'the sleep survived the abort');
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await shell.run(`touch ${path.join(dir, 'ran')}`, opts({ signal: controller.signal }));
    assert.equal(r.interrupted, true);
    assert.equal(fs.existsSync(path.join(dir, 'ran')), false);
  });

  it('gives commands an empty stdin, so reading it does not hang', async () => {
    const t0 = Date.now();
    const r = await shell.run('cat; read line; echo "read=$?"', opts({ timeoutMs: 5000 }));
    assert.equal(r.timedOut, false);
    assert.equal(r.output, 'read=1\n');
    assert.ok(Date.now() - t0 < 3000);
  });

  it('does not wait for a process the command left running in the background', async () => {
    const m = marker();
    started.push(m);
    const t0 = Date.now();
    const r = await shell.run(`sleep ${m} & echo left`, opts());
    assert.equal(r.output, 'left\n');
    assert.equal(r.exitCode, 0);
    assert.ok(Date.now() - t0 < 3000);
  });

  it('falls back to the starting folder when the cwd was deleted', async () => {
    await shell.run('mkdir gone && cd gone', opts());
    fs.rmSync(path.join(dir, 'gone'), { recursive: true });
    const r = await shell.run('pwd', opts());
    assert.match(r.output, /no longer exists/);
    assert.ok(r.output.endsWith(`${dir}\n`));
    assert.equal(r.cwd, dir);
  });

  it('runs commands one at a time, each from the state the previous left', async () => {
    const a = shell.run('sleep 0.3; cd sub', opts());
    const b = shell.run('pwd', opts());
    await a;
    assert.equal((await b).output, `${path.join(dir, 'sub')}\n`);
  });

  it('runs a background command that writes its output file, and dispose kills it', async () => {
    await shell.run('cd sub', opts());
    const job = await shell.runInBackground('pwd; echo out-line; echo err-line >&2');
    assert.ok(job.outputFile.startsWith(path.join(dir, '.scratch')));
    const read = () => (fs.existsSync(job.outputFile) ? fs.readFileSync(job.outputFile, 'utf8') : '');
    assert.ok(await waitUntil(() => read().includes('err-line'), 3000), `output file holds: ${read()}`);
    assert.equal(read(), `${path.join(dir, 'sub')}\nout-line\nerr-line\n`);
    assert.ok(await waitUntil(() => shell.backgroundJob(job.id)?.running === false, 2000));
    assert.equal(shell.backgroundJob(job.id)?.exitCode, 0);

    const m = marker();
    started.push(m);
    const long = await shell.runInBackground(`sleep ${m} & sleep ${m}; wait`);
    assert.ok(await waitUntil(() => pids(`sleep ${m}`).length >= 2, 2000));
    assert.equal(shell.backgroundJob(long.id)?.running, true);
    shell.dispose();
    assert.ok(await waitUntil(() => pids(`sleep ${m}`).length === 0, 2000), 'a background sleep survived dispose');
    await assert.rejects(shell.run('true', opts()), /closed/);
  });
});
