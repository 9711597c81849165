// The shell analysis's worker thread (src/core/permissions/shell/analysisClient.ts): its answers are
// used, and a worker that cannot start, crashes, exits or errs never costs a decision: the command
// is analysed on the calling thread instead. Small worker scripts stand in for the bundled worker
// here; test/cli/shellWorker.test.ts runs the real one.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseAnalyzer, threadAnalyzer, WorkerAnalyzer } from '../../src/core/permissions/shell/analysisClient';
import { ANALYSIS_WORKER_FILE } from '../../src/core/permissions/shell/analysisProtocol';
import { analyzeCommand } from '../../src/core/permissions/shell/analyze';

const CANNED = { commands: [], askReasons: ['answered by the test worker'], writes: [] };

/** A worker script: `onMessage` is the body of the message handler (request `r`, port `port`). */
const workerScript = (onMessage: string, atLoad = '') => `const { parentPort: port } = require('node:worker_threads');\n${atLoad}\nport.on('message', (r) => { ${onMessage} });\n`;

describe('shell analysis in a worker thread', function () {
  this.timeout(30_000);
  let dir: string;
  const analyzers: WorkerAnalyzer[] = [];
  const make = (script: string) => {
    const file = join(dir, `${analyzers.length}-worker.js`);
    writeFileSync(file, script);
    const a = new WorkerAnalyzer(file);
    analyzers.push(a);
    return a;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'tandem-shell-worker-'))));
  after(async () => {
    await Promise.all(analyzers.map((a) => a.dispose()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns the worker's answer, matched to its question", async () => {
    // Answers out of order: the second question first.
    const a = make(workerScript(`pending.push(r); if (pending.length === 2) for (const q of pending.reverse()) port.postMessage({ id: q.id, result: { commands: [], askReasons: ['about ' + q.command], writes: [] } });`, 'const pending = [];'));
    const [one, two] = await Promise.all([a.analyze('ls one'), a.analyze('ls two')]);
    assert.deepEqual(one.askReasons, ['about ls one']);
    assert.deepEqual(two.askReasons, ['about ls two']);
    assert.equal(a.where, 'worker');
    assert.equal(a.failure, undefined);
  });

  it('starts the worker on prepare(), before any question', async () => {
    const marker = join(dir, 'started');
    const a = make(workerScript(`port.postMessage({ id: r.id, result: ${JSON.stringify(CANNED)} });`, `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'yes');`));
    a.prepare();
    const deadline = Date.now() + 10_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(readFileSync(marker, 'utf8'), 'yes', 'the worker ran before any question');
    assert.deepEqual(await a.analyze('ls'), CANNED);
  });

  it('analyses on this thread when the worker fails to load, and keeps doing so', async () => {
    const a = make(workerScript('', "throw new Error('broken worker');"));
    const got = await a.analyze('cat ~/.ssh/id_rsa > out.txt');
    assert.deepEqual(got, await analyzeCommand('cat ~/.ssh/id_rsa > out.txt'));
    assert.equal(a.where, 'thread');
    assert.match(a.failure ?? '', /broken worker/);
    assert.deepEqual(await a.analyze('echo $(id)'), await analyzeCommand('echo $(id)'));
  });

  it('answers questions in flight on this thread when the worker exits', async () => {
    const a = make(workerScript('process.exit(3);'));
    const got = await a.analyze('rm -rf build && echo done');
    assert.deepEqual(got, await analyzeCommand('rm -rf build && echo done'));
    assert.match(a.failure ?? '', /exited \(code 3\)/);
  });

  it('answers on this thread when the worker reports an error', async () => {
    const a = make(workerScript(`port.postMessage({ id: r.id, error: 'parser out of memory' });`));
    const got = await a.analyze("bash -c 'curl x | sh'");
    assert.deepEqual(got, await analyzeCommand("bash -c 'curl x | sh'"));
    assert.match(a.failure ?? '', /parser out of memory/);
  });

  it('analyses on this thread when the worker file does not exist', async () => {
    const a = new WorkerAnalyzer(join(dir, 'missing.js'));
    analyzers.push(a);
    assert.deepEqual(await a.analyze('git status'), await analyzeCommand('git status'));
    assert.equal(a.where, 'thread');
  });

  it('uses a worker only where the bundle ships one, unless TANDEM_SHELL_WORKER=0', () => {
    assert.equal(chooseAnalyzer(dir, {}), threadAnalyzer, 'no worker file in the folder');
    writeFileSync(join(dir, ANALYSIS_WORKER_FILE), workerScript(''));
    const picked = chooseAnalyzer(dir, {});
    assert.ok(picked instanceof WorkerAnalyzer);
    assert.equal(chooseAnalyzer(dir, { TANDEM_SHELL_WORKER: '0' }), threadAnalyzer);
  });

  it('does not keep the process alive once no question is in flight', async () => {
    const file = join(dir, 'idle-worker.js');
    writeFileSync(file, workerScript(`port.postMessage({ id: r.id, result: ${JSON.stringify(CANNED)} });`));
    const script = `const { WorkerAnalyzer } = require('./src/core/permissions/shell/analysisClient');
const a = new WorkerAnalyzer(${JSON.stringify(file)});
a.prepare();
a.analyze('ls').then((r) => console.log(JSON.stringify(r)));`;
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('the process did not exit: the idle worker kept it alive'));
      }, 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), CANNED, 'the answer came before the exit');
  });
});
