// Issue 12, item 1: before a chat's first reply the panel's meter shows an estimate of the first
// request (system prompt, tools, history) against the window in force, marked as an estimate.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionLog } from '../../src/core/session/log';
import { estimateOpening } from '../../src/extension/openingEstimate';
import type { OpeningInput } from '../../src/extension/openingEstimate';
import { formatUsage } from '../../src/protocol/constants';

describe('context meter before the first reply (estimateOpening)', function () {
  this.timeout(30_000);
  let base: string;
  let ws: string;
  let home: string;
  const input = (extra: Partial<OpeningInput> = {}): OpeningInput => ({
    config: { provider: 'anthropic', apiKey: 'k' },
    model: 'claude-sonnet-4',
    roots: [ws],
    trusted: true,
    home,
    ...extra,
  });

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'tandem-opening-'));
    ws = join(base, 'ws');
    home = join(base, 'home');
    mkdirSync(ws);
    mkdirSync(home);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('counts the system prompt and the tools: a workspace chat has tools, a chat without a folder has none', async () => {
    const withTools = await estimateOpening(input());
    const plain = await estimateOpening(input({ roots: [] }));
    // The built-in tools' definitions alone are several thousand tokens.
    assert.ok(withTools.tokens - plain.tokens > 3_000, `${withTools.tokens} vs ${plain.tokens}`);
    assert.ok(plain.tokens > 200, 'the system prompt counts');
    assert.equal(withTools.window, 200_000, "the model table's window");
  });

  it("grows with the project's instructions (CLAUDE.md), at about four characters a token", async () => {
    const before = await estimateOpening(input());
    writeFileSync(join(ws, 'CLAUDE.md'), `# Rules\n${'Always write tests first. '.repeat(640)}`); // ~16,000 characters
    const after = await estimateOpening(input());
    const grown = after.tokens - before.tokens;
    assert.ok(grown > 3_900 && grown < 4_400, `grew by ${grown}`);
  });

  it('counts the history of a resumed session', async () => {
    const log = SessionLog.create(join(base, 'sessions'), { cwd: ws, provider: 'anthropic', model: 'claude-sonnet-4' });
    log.append({ type: 'user_message', id: 'u1', text: 'x'.repeat(20_000) });
    log.close();
    const fresh = await estimateOpening(input());
    const resumed = await estimateOpening(input({ resumeFile: log.file }));
    const grown = resumed.tokens - fresh.tokens;
    assert.ok(grown >= 5_000 && grown < 5_100, `grew by ${grown}`);
  });

  it("takes the window from the workspace's contextWindow setting", async () => {
    mkdirSync(join(ws, '.tandem'));
    writeFileSync(join(ws, '.tandem', 'settings.json'), JSON.stringify({ contextWindow: 24_000 }));
    assert.equal((await estimateOpening(input())).window, 24_000);
  });

  it('the meter marks an estimate: "~12k / 200k tokens", without a cost; real figures have no mark', () => {
    assert.equal(formatUsage({ contextTokens: 12_345, contextWindow: 200_000, outputTokens: 0, estimated: true }), '~12.3k / 200k tokens');
    assert.equal(formatUsage({ contextTokens: 900, outputTokens: 0, estimated: true }), '~900 tokens');
    assert.equal(formatUsage({ contextTokens: 12_345, contextWindow: 200_000, outputTokens: 10, costUsd: 0.05 }), '12.3k / 200k tokens · $0.05');
  });
});
