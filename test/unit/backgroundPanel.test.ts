// The panel's list of background commands (src/extension/backgroundPanel.ts) over the real
// BackgroundProcesses: running commands only, with owner, command, running time and last lines;
// Stop kills through the same path as KillShell (checked by pid); "Move to background" reaches the
// running foreground command by its tool call id; the webview's messages are validated.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackgroundProcesses } from '../../src/core/shell/background';
import { BackgroundPanel } from '../../src/extension/backgroundPanel';
import { parseWebviewMessage } from '../../src/protocol/messages';
import type { BackgroundJobView, HostToWebview } from '../../src/protocol/messages';
import { alive, until } from '../harness/processes';

describe('The panel\'s background list', () => {
  let dir: string;
  let bg: BackgroundProcesses;
  let panel: BackgroundPanel;
  let posted: HostToWebview[];
  let clock = 0;
  const lists = () => posted.flatMap((m) => (m.type === 'background' ? [m.jobs] : []));
  const latest = (): BackgroundJobView[] => lists().at(-1) ?? [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-bgpanel-'));
    posted = [];
    panel = new BackgroundPanel(() => bg, (m) => posted.push(m), () => clock);
    bg = new BackgroundProcesses({ scratchDir: dir, spawnContext: () => ({ cwd: dir, env: { PATH: process.env.PATH ?? '' } }), killGraceMs: 200, onChange: () => panel.changed() });
  });
  afterEach(() => {
    panel.dispose();
    bg.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists running commands with owner, running time and last lines; Stop kills the group; an ended one leaves the list', async () => {
    clock = Date.now() + 65_000;
    const job = await bg.start('echo $$ > leader.pid; for i in 1 2 3 4 5; do echo line $i; done; sleep 300', 'Explore');
    await until(() => latest()[0]?.lastLines === 'line 3\nline 4\nline 5', 'the last lines in the list (the panel looks at them while it runs)');
    const [view] = latest();
    assert.equal(view.id, job.id);
    assert.equal(view.owner, 'Explore');
    assert.match(view.command, /^echo \$\$ > leader\.pid/);
    assert.equal(view.runningMs, clock - job.startedAt);
    const pid = Number(readFileSync(join(dir, 'leader.pid'), 'utf8'));

    await panel.stop(job.id);
    assert.equal(alive(pid), false, 'Stop waits for the command to end');
    assert.deepEqual(latest(), [], 'the stopped command left the list');
  });

  it('"Move to background" reaches only a running foreground command, once', () => {
    assert.equal(panel.move('toolu_x'), false);
    const watch = bg.watchForeground('toolu_x');
    assert.equal(panel.move('toolu_x'), true);
    assert.equal(watch.signal.aborted, true);
    assert.equal(panel.move('toolu_x'), false);
    watch.release();
  });

  it('the webview\'s stopBackground and moveToBackground messages are validated', () => {
    assert.equal(parseWebviewMessage({ type: 'stopBackground', id: 'bash_123-1_2' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'moveToBackground', toolUseId: 'toolu_01AbC' }).ok, true);
    for (const bad of [{ type: 'stopBackground' }, { type: 'stopBackground', id: '../x' }, { type: 'stopBackground', id: 'a', pid: 1 }, { type: 'moveToBackground', toolUseId: '' }, { type: 'moveToBackground', toolUseId: 'a b' }]) {
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad));
    }
  });
});
