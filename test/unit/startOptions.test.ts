// `npm start`'s options: folder and port from the command line or TANDEM_PORT, and a taken port
// reported at once with what to do (instead of code-server failing after the build).
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePortFree, parseStartArgs } from '../../scripts/startOptions';

describe('npm start options', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-start-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the folder and --port, with TANDEM_PORT and 8080 as defaults', () => {
    assert.deepEqual(parseStartArgs([], {}, dir), { folder: dir, port: 8080, help: false });
    assert.equal(parseStartArgs([], { TANDEM_PORT: '9000' }, dir).port, 9000);
    assert.equal(parseStartArgs(['--port', '0'], { TANDEM_PORT: '9000' }, dir).port, 0);
    assert.equal(parseStartArgs(['--port=8123'], {}, dir).port, 8123);
    assert.equal(parseStartArgs(['.'], { INIT_CWD: dir }, '/').folder, dir, 'relative to where npm was run');
    assert.throws(() => parseStartArgs(['--port', 'x'], {}, dir), /--port must be a number/);
    assert.throws(() => parseStartArgs([join(dir, 'missing')], {}, dir), /is not a folder/);
  });

  it('says what to do when the port is taken, and accepts a free one', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      await assert.rejects(ensurePortFree(port), new RegExp(`port ${port} on 127.0.0.1 is already in use.*--port ${port + 1}.*--port 0.*TANDEM_PORT`));
    } finally {
      await new Promise((r) => busy.close(r));
    }
    await ensurePortFree(port);
    await ensurePortFree(0);
  });
});
