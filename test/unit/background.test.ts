// Background commands: start returns at once, reads return only what is new (optionally filtered),
// output stops at its cap, kill and dispose stop the whole process group (checked by pid).
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundProcesses } from '../../src/core/shell/background';
import { alive, groupAlive, until } from '../harness/processes';

describe('BackgroundProcesses', () => {
  let dir: string;
  let bg: BackgroundProcesses;
  const make = (extra: Partial<ConstructorParameters<typeof BackgroundProcesses>[0]> = {}) =>
    new BackgroundProcesses({ scratchDir: dir, spawnContext: () => ({ cwd: dir, env: { PATH: process.env.PATH ?? '', MARK: 'from-shell' } }), killGraceMs: 200, ...extra });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-bg-'));
    bg = make();
  });
  afterEach(() => {
    bg.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts at once, in the shell\'s cwd and environment, and each read returns only new output', async () => {
    const job = await bg.start('echo "one $MARK $PWD"; sleep 0.3; echo two; echo three', 'main');
    assert.equal(job.running, true);
    assert.equal(job.owner, 'main');
    let got = '';
    await until(() => (got += bg.read(job.id)!.text).includes('one'), 'the first line');
    await until(() => !bg.list()[0].running, 'exit');
    const rest = bg.read(job.id)!;
    assert.equal(got + rest.text, `one from-shell ${dir}\ntwo\nthree\n`, 'every line once, in order: nothing read twice');
    assert.equal(rest.info.exitCode, 0);
    assert.equal(bg.read(job.id)!.text, '', 'nothing new');
  });

  it('a filter keeps only matching lines', async () => {
    const job = await bg.start('printf "ok 1\\nERROR a\\nok 2\\nERROR b\\n"', 'Explore');
    await until(() => !bg.list()[0].running, 'exit');
    assert.equal(bg.read(job.id, /ERROR/)!.text, 'ERROR a\nERROR b');
    assert.equal(bg.list()[0].owner, 'Explore');
  });

  it('output past the cap is dropped with a note, and the command keeps running', async () => {
    bg.dispose();
    bg = make({ maxOutputBytes: 1000 });
    const job = await bg.start('head -c 5000 /dev/zero | tr "\\0" x; sleep 30', 'main');
    await until(() => readFileSync(job.outputFile, 'utf8').includes('cap'), 'the cap note');
    const r = bg.read(job.id)!;
    assert.equal(r.capped, true);
    assert.equal(r.info.running, true);
    assert.ok(readFileSync(job.outputFile, 'utf8').length < 1200);
  });

  it('kill stops the command and what it started; dispose stops the rest (no orphan, checked by pid)', async () => {
    const a = await bg.start('sleep 300 & echo $! > a-child.pid; sleep 300', 'main');
    const b = await bg.start('sleep 301 & echo $! > b-child.pid; sleep 301', 'main');
    const pidIn = (f: string) => () => {
      try {
        return Number(readFileSync(join(dir, f), 'utf8').trim()) || false;
      } catch {
        return false;
      }
    };
    const aChild = await until(pidIn('a-child.pid'), 'a pid');
    const bChild = await until(pidIn('b-child.pid'), 'b pid');
    assert.ok(alive(a.pid!) && alive(aChild) && alive(b.pid!) && alive(bChild));
    assert.equal(await bg.kill(a.id), true);
    await until(() => !alive(a.pid!) && !alive(aChild), 'a to die');
    assert.equal(bg.list().find((j) => j.id === a.id)!.running, false);
    assert.equal(await bg.kill(a.id), false, 'already stopped');
    bg.dispose();
    await until(() => !alive(b.pid!) && !alive(bChild), 'b to die on dispose');
    await assert.rejects(bg.start('true', 'main'), /session has ended/);
  });

  it('a command that ends leaves nothing in its process group (its watchdog goes with it)', async () => {
    const job = await bg.start('echo done', 'main');
    await until(() => !bg.list()[0].running, 'exit');
    await until(() => !groupAlive(job.pid!), 'the process group to be empty');
  });

  it('nothing outlives a Tandem killed by SIGKILL (no exit hook runs): the watchdog stops the command and its children', async function () {
    this.timeout(60_000);
    const script = `
      const { BackgroundProcesses } = require(${JSON.stringify(join(__dirname, '../../src/core/shell/background'))});
      const bg = new BackgroundProcesses({ scratchDir: ${JSON.stringify(join(dir, 'scratch'))}, spawnContext: () => ({ cwd: ${JSON.stringify(dir)}, env: { PATH: process.env.PATH } }) });
      bg.start('sleep 300 & echo $! > k-child.pid; echo $$ > k-leader.pid; wait', 'main').then(() => console.log('started'));
      setInterval(() => undefined, 1000);
    `;
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const pidIn = (f: string) => () => {
      try {
        return Number(readFileSync(join(dir, f), 'utf8').trim()) || false;
      } catch {
        return false;
      }
    };
    const pids = [await until(pidIn('k-leader.pid'), 'the leader', 40_000), await until(pidIn('k-child.pid'), 'the child', 40_000)];
    assert.ok(pids.every(alive));
    child.kill('SIGKILL');
    await until(() => pids.every((p) => !alive(p)), 'the command and its child to die with Tandem', 20_000);
  });
});
