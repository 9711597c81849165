// Nothing Tandem starts may hold it open or outlive it: a stopped command leaves no timer keeping
// the process alive, and a stalled HTTP stream fails after the idle time instead of hanging.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idleTimeoutFetch, StreamIdleError, streamIdleTimeoutMs } from '../../src/core/llm/idleTimeout';

describe('process hygiene', () => {
  it('a process whose command was stopped exits at once: no timer holds it open for the kill grace period', async function () {
    this.timeout(45_000);
    const dir = mkdtempSync(join(tmpdir(), 'tandem-hyg-'));
    // A grace period far longer than this test may take: a ref'd SIGKILL timer would keep the child alive for it.
    const script = `
      const { PersistentShell } = require(${JSON.stringify(join(__dirname, '../../src/core/shell/persistentShell'))});
      const { createScratchDir } = require(${JSON.stringify(join(__dirname, '../../src/core/shell/scratch'))});
      const shell = new PersistentShell({ cwd: ${JSON.stringify(dir)}, scratchDir: createScratchDir('hyg', ${JSON.stringify(dir)}), killGraceMs: 600000 });
      const abort = new AbortController();
      shell.run('echo started; sleep 30', { timeoutMs: 600000, signal: abort.signal, onOutput: (t) => { if (t.includes('started')) abort.abort(); } })
        .then((r) => console.log('interrupted', r.interrupted));
    `;
    try {
      const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      assert.equal(code, 0);
      assert.match(out, /interrupted true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a response that stops sending fails with StreamIdleError after the idle time; a steady one does not', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (req.url === '/stall') {
        res.write('data: first\n\n');
        return; // never another byte
      }
      let n = 0;
      const tick = setInterval(() => {
        res.write(`data: ${n}\n\n`);
        if (++n === 8) {
          clearInterval(tick);
          res.end();
        }
      }, 200);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const fetchIdle = idleTimeoutFetch(1000);
    try {
      const steady = await fetchIdle(`${base}/steady`);
      assert.match(await steady.text(), /data: 7/, 'chunks 200 ms apart pass a 1 s idle limit although the whole takes longer');
      const stalled = await fetchIdle(`${base}/stall`);
      await assert.rejects(stalled.text(), (err: unknown) => err instanceof StreamIdleError && /sent nothing for 1 s/.test(err.message));
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
    assert.equal(streamIdleTimeoutMs({}), 90_000);
    assert.equal(streamIdleTimeoutMs({ TANDEM_STREAM_IDLE_TIMEOUT_MS: '2500' }), 2500);
  });
});
