// bench/long-session: a scripted long session whose tool results add up to many context windows,
// run twice in this process against the local fake model server given a context window: once with
// Tandem's full pipeline (collapse and micro-compaction first, then a model summary, then
// truncation) and once with a baseline that only does full compaction (summary, then truncation).
// Prints, side by side: compactions by method, summary requests, refused requests, peak context,
// and the total input tokens sent (every request as the server counted it, summaries included).
// Aims: never above the window; total input at most the baseline's. Nothing is asserted; figures
// go to bench/results/long-session.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AgentEvent } from '../src/core/agent/events';
import { SUMMARY_MARKER } from '../src/core/context/summary';
import { createAgent } from '../src/core/sdk/createAgent';
import { startFakeLlm } from '../test/fake-llm/server';
import type { FakeLlm } from '../test/fake-llm/server';
import type { ScriptedReply } from '../test/fake-llm/scenario';

const WINDOW = Number(process.env.BENCH_WINDOW ?? 32_000);
const FILES = Number(process.env.BENCH_FILES ?? 40);
const MODEL = 'claude-haiku-4-5';
const PROMPT = 'Review every module under src/ in order, re-check the ones you changed, and report.';
const SUMMARY = '## Goal\nReview the modules.\n## State\nPart reviewed.\n## Decisions\nNone.\n## Next steps\nContinue in order.\n## Files\n- src/';

function makeTree(root: string): string[] {
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const id = String(i).padStart(2, '0');
    const lines = 80 + ((i * 37) % 160); // 80-240 lines: about 2k-6k tokens each
    const body = Array.from({ length: lines }, (_, n) => `export const v${id}_${n} = compute(${n}, "module ${id} line ${n} with some text");`).join('\n');
    const f = path.join(root, 'src', `m${id}.ts`);
    writeFileSync(f, `// module ${id}\n${body}\n`);
    files.push(f);
  }
  return files;
}

/** Reads every file in order, with a Grep every 8 files and a re-read of an earlier file every 5, then a report. */
function script(files: string[]): ScriptedReply[] {
  const out: ScriptedReply[] = [];
  files.forEach((f, i) => {
    if (i % 8 === 0) out.push({ content: [{ type: 'text', text: `Searching before module ${i}.` }, { type: 'tool_use', name: 'Grep', input: { pattern: `module ${String(i).padStart(2, '0')}`, output_mode: 'files_with_matches' } }] });
    out.push({ content: [{ type: 'text', text: `Reading module ${i}.` }, { type: 'tool_use', name: 'Read', input: { file_path: f } }] });
    if (i % 5 === 4) out.push({ content: [{ type: 'tool_use', name: 'Read', input: { file_path: files[i - 2] } }] });
  });
  out.push({ content: [{ type: 'text', text: 'Report: all modules reviewed.' }] });
  return out;
}

interface Figures {
  completed: boolean;
  requests: number;
  summaryRequests: number;
  refused: number;
  compactions: Record<string, number>;
  peakContext: number;
  totalInputTokens: number;
}

async function run(llm: FakeLlm, ws: string, home: string, files: string[], baseline: boolean): Promise<Figures> {
  llm.load({ replies: script(files), contextLimit: WINDOW, autoReplies: [{ systemIncludes: SUMMARY_MARKER, reply: { content: [{ type: 'text', text: SUMMARY }] } }] });
  llm.requests.length = 0;
  const agent = createAgent({
    provider: 'anthropic',
    model: MODEL,
    apiKey: 'bench',
    baseURL: llm.anthropicBaseUrl,
    cwd: ws,
    userDir: path.join(home, 'user'),
    sessionsBaseDir: path.join(home, 'sessions'),
    permissionMode: 'default',
    maxTurns: 500,
    compaction: { contextWindow: WINDOW, ...(baseline ? { micro: false, collapse: false } : {}) },
  });
  const compactions: Record<string, number> = {};
  let status = '';
  try {
    for await (const ev of agent.query(PROMPT) as AsyncIterable<AgentEvent>) {
      if (ev.type === 'compaction') compactions[ev.method] = (compactions[ev.method] ?? 0) + 1;
      if (ev.type === 'turn_end') status = ev.status;
    }
  } finally {
    agent.close();
  }
  const sent = llm.requests.filter((r) => r.outcome === 'complete');
  const isSummary = (r: (typeof sent)[number]) => JSON.stringify(r.body.system ?? '').includes(SUMMARY_MARKER);
  return {
    completed: status === 'completed',
    requests: sent.filter((r) => !isSummary(r)).length,
    summaryRequests: sent.filter(isSummary).length,
    refused: llm.requests.filter((r) => r.outcome === 'fault').length,
    compactions,
    peakContext: Math.max(...sent.map((r) => r.tokens ?? 0)),
    totalInputTokens: sent.reduce((n, r) => n + (r.tokens ?? 0), 0),
  };
}

async function main(): Promise<void> {
  const llm = await startFakeLlm();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-long-'));
  try {
    const ws = path.join(tmp, 'ws');
    const files = makeTree(ws);
    const tandem = await run(llm, ws, path.join(tmp, 'a'), files, false);
    const baseline = await run(llm, ws, path.join(tmp, 'b'), files, true);
    const row = (label: string, f: (x: Figures) => string | number) => `| ${label.padEnd(34)} | ${String(f(baseline)).padStart(16)} | ${String(f(tandem)).padStart(16)} |`;
    const fmt = (c: Record<string, number>) => Object.entries(c).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
    const lines = [
      `long-session: ${FILES} files read in order (plus re-reads and searches), window ${WINDOW} tokens, model ${MODEL}`,
      '',
      `| ${''.padEnd(34)} | ${'summary only'.padStart(16)} | ${'tandem'.padStart(16)} |`,
      row('completed', (x) => (x.completed ? 'yes' : 'NO')),
      row('model requests (summaries apart)', (x) => x.requests),
      row('summary requests', (x) => x.summaryRequests),
      row('refused (prompt too long)', (x) => x.refused),
      row('peak context (tokens)', (x) => x.peakContext),
      row('total input tokens sent', (x) => x.totalInputTokens),
      '',
      `compactions: summary only: ${fmt(baseline.compactions)}; tandem: ${fmt(tandem.compactions)}`,
      `aim: never above the window: ${tandem.peakContext <= WINDOW ? 'met' : 'MISSED'} (peak ${tandem.peakContext} of ${WINDOW}); total input at most the baseline's: ${tandem.totalInputTokens <= baseline.totalInputTokens ? 'met' : 'MISSED'} (${(tandem.totalInputTokens / baseline.totalInputTokens).toFixed(2)}x)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const dir = path.join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'long-session.json'), JSON.stringify({ window: WINDOW, files: FILES, model: MODEL, baseline, tandem }, null, 2));
    if (!tandem.completed || !baseline.completed) process.exitCode = 1;
  } finally {
    await llm.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

void main();
