// A repository's settings that would loosen its own permissions wait for approval. The SDK's
// warning names approveSettings(file, hash); that function is exported and, once called, the next
// agent applies the settings (here: an allow rule that lets a command run without asking).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approveSettings, createAgent } from '../../src/core/index';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

describe('SDK: approving repository settings', () => {
  let llm: FakeLlm;
  const temps: string[] = [];
  const temp = (p: string) => {
    const d = mkdtempSync(join(tmpdir(), p));
    temps.push(d);
    return d;
  };
  before(async () => {
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  it('the warning names the exported approveSettings with the file and hash, and approving applies the file', async () => {
    const ws = temp('tandem-approve-ws-');
    const userDir = temp('tandem-approve-user-');
    const settings = join(ws, '.tandem', 'settings.json');
    mkdirSync(join(ws, '.tandem'));
    writeFileSync(settings, JSON.stringify({ permissions: { allow: ['Bash(touch:*)'] } }));
    const opts = { provider: 'anthropic' as const, apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: ws, userDir, persistSession: false };
    const touch = (id: string) => ({ content: [{ type: 'tool_use' as const, id, name: 'Bash', input: { command: 'touch made.txt' } }] });
    const done = { content: [{ type: 'text' as const, text: 'done' }] };

    const first = createAgent(opts);
    const warning = first.warnings.find((w) => w.includes('is ignored in part'));
    assert.ok(warning, first.warnings.join('\n'));
    const m = /approveSettings\(("[^"]+"), "([0-9a-f]+)"\)/.exec(warning);
    assert.ok(m, warning);
    assert.equal(JSON.parse(m[1]!), settings);
    llm.push(touch('tu_1'), done);
    await first.prompt('make the file');
    first.close();
    assert.ok(!existsSync(join(ws, 'made.txt')), 'before approval the repository rule does not apply');

    assert.throws(() => approveSettings(settings, 'not a hash', { userDir }), /pass the file and the hash/);
    approveSettings(JSON.parse(m[1]!), m[2]!, { userDir });
    const second = createAgent(opts);
    assert.deepEqual(second.warnings.filter((w) => w.includes('is ignored in part')), []);
    llm.push(touch('tu_2'), done);
    await second.prompt('make the file');
    second.close();
    assert.ok(existsSync(join(ws, 'made.txt')), 'after approval the allow rule lets the command run');
  });
});
