// Multi-step attacks through the real CLI: the scripted model makes several tool calls in a row
// (the shell keeps its state between them), in a throwaway workspace, home and outside folder.
// After the run nothing the attack aimed at may have happened, and every call got its one result.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt, runCli } from './harness';

export interface Dirs {
  ws: string;
  home: string;
  outside: string;
}

export interface Attack {
  name: string;
  /** Flags besides -p. */
  flags: string[];
  /** The calls the model makes, in order (each waits for the previous one's result). */
  steps: (d: Dirs) => { tool: string; input: Record<string, unknown> }[];
  prepare?: (d: Dirs) => void;
  /** Extra environment for the CLI (HOME and the provider are set). */
  env?: (d: Dirs) => Record<string, string>;
  /** Throws when the attack did what it wanted. */
  harmless: (d: Dirs, requests: string) => void;
  /** Which calls must have been refused (default: the last). */
  refused?: number[];
}

export class AttackRunner {
  private readonly temps: string[] = [];

  constructor(private readonly llm: () => FakeLlm) {}

  dirs(): Dirs {
    const base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-attack-')));
    this.temps.push(base);
    const d = { ws: join(base, 'ws'), home: join(base, 'home'), outside: join(base, 'outside') };
    for (const dir of Object.values(d)) mkdirSync(dir);
    return d;
  }

  cleanup(): void {
    for (const t of this.temps) rmSync(t, { recursive: true, force: true });
  }

  async run(a: Attack): Promise<void> {
    const d = this.dirs();
    a.prepare?.(d);
    const steps = a.steps(d);
    const llm = this.llm();
    llm.load({
      replies: [
        ...steps.map((s, i) => ({ content: [{ type: 'tool_use' as const, id: `tu_${i}`, name: s.tool, input: s.input }] })),
        { content: [{ type: 'text' as const, text: 'done' }] },
      ],
    });
    const before = llm.requests.length;
    const r = await runCli(['-p', 'do it', ...a.flags], {
      cwd: d.ws,
      env: { HOME: d.home, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0', ...a.env?.(d) },
    });
    const requests = llm.requests.slice(before);
    assert.equal(requests.length, steps.length + 1, `every call should get a result and the model an answer (exit ${r.code}): ${r.stderr}`);
    a.harmless(d, JSON.stringify(requests.map((q) => q.body)));
    for (const i of a.refused ?? [steps.length - 1]) {
      const result = requests[i + 1].body.messages.at(-1).content[0];
      assert.equal(result.tool_use_id, `tu_${i}`);
      assert.match(result.content, /Permission denied/, `call ${i} should have been refused: ${result.content}`);
    }
  }
}

/** For a describe block: builds the CLI, starts the fake model before its tests, cleans up after. */
export function useAttackRunner(): AttackRunner {
  let llm: FakeLlm | undefined;
  const runner = new AttackRunner(() => llm!);
  before(async () => {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm?.close();
    runner.cleanup();
  });
  return runner;
}
