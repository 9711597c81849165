// bench/extension: Tandem in the real workbench (code-server + Chromium, the packaged .vsix).
// Prints, over several window reloads (medians and ranges, with the load average):
// - Tandem's activation time, as the extension logs it ("Tandem activated in N ms": from the moment
//   its loader starts reading and compiling the bundle to the end of activate()), and whether the
//   bundle came from its code cache, read from its Output channel's log file;
// - after a window reload with a restored 2,000-message session in the side-bar chat: from the
//   navigation to the panel's first content, the transcript's last message in view, and the input
//   accepting a keystroke;
// beside two baselines in the same run, reloads alternating: the same workbench with an empty chat,
// and a workbench without Tandem (the workbench's own start-up marks). Nothing is asserted; a run
// that does not complete exits non-zero. Writes bench/results/extension.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startFakeLlm } from '../test/fake-llm/server';
import { activationLines, openTandemPanel, openWorkbench, runCommand } from '../test/e2e/workbench';
import type { Workbench } from '../test/e2e/workbench';
import { PROBE } from './extensionProbe';
import type { FrameMarks } from './extensionProbe';
import { LAST_MESSAGE_MARKER, SESSION_TITLE, writeSession } from './extensionSession';

// page.evaluate's functions run in the page; this file is compiled without the DOM lib.
declare const document: { getElementById(id: string): unknown };

const REPO = path.resolve(__dirname, '..');
const OUT = path.join(REPO, 'bench', 'results');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2000);
const EXTENSION_ID = 'tandem-dev.tandem';
/** The workbench's own performance marks (vs/base/common/performance), relative to navigation. */
const WORKBENCH_MARKS = ['code/didStartWorkbench', 'code/didRestoreViewlet', 'code/didLoadExtensions'] as const;

type Column = 'session' | 'empty' | 'none';
interface Sample {
  column: Column;
  round: number;
  loadavg: number;
  /** Milliseconds after the navigation start. */
  at: Record<string, number | undefined>;
  activationMs?: number;
  /** activate()'s own part of it. */
  activateCallMs?: number;
  /** Loading the bundle (read, compile, evaluate): with activate(), Tandem's own part of activation. */
  loadMs?: number;
  /** Tandem's own time: loading + activate() (the rest is the extension host between the two). */
  ownMs?: number;
  /** How the bundle was compiled: from its code cache ("used") or from source. */
  codeCache?: string;
}

function log(msg: string): void {
  console.log(`[bench:extension] ${msg}`);
}

/** The packaged extension of the current sources, in a folder of its own (BENCH_VSIX: another .vsix). */
function packageVsix(): string {
  if (process.env.BENCH_VSIX) return path.resolve(process.env.BENCH_VSIX);
  const out = path.join(OUT, 'extension', 'tandem.vsix');
  mkdirSync(path.dirname(out), { recursive: true });
  log('building the production bundle and the .vsix ...');
  execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--out', out], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

async function navStart(page: Page): Promise<number | undefined> {
  return page.evaluate(() => (globalThis as unknown as { __benchMarks?: { frameStart: number } }).__benchMarks?.frameStart && performance.timeOrigin).catch(() => undefined);
}

/** The chat's frame (the one the probe saw a #root in), once it has one. */
async function chatFrame(page: Page, deadline: number): Promise<Frame> {
  for (;;) {
    for (const f of page.frames()) {
      const isChat = await f.evaluate(() => document.getElementById('root') !== null && (globalThis as unknown as { __benchMarks?: unknown }).__benchMarks !== undefined).catch(() => false);
      if (isChat) return f;
    }
    if (Date.now() > deadline) throw new Error('the Tandem chat frame did not appear after the reload');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const marksOf = (f: Frame) => f.evaluate(() => (globalThis as unknown as { __benchMarks: FrameMarks }).__benchMarks);

/** Reloads the window as a user would (Developer: Reload Window) and measures the new page. */
async function reload(wb: Workbench, column: Column, round: number): Promise<Sample> {
  const page = wb.page;
  const before = await navStart(page);
  const activationsBefore = activationLines(wb.server.runDir).length;
  await runCommand(wb, 'Developer: Reload Window');
  const deadline = Date.now() + 180_000;
  let start: number | undefined;
  for (;;) {
    start = await navStart(page);
    if (start !== undefined && start !== before) break;
    if (Date.now() > deadline) throw new Error('the window did not reload');
    await new Promise((r) => setTimeout(r, 25));
  }
  const sample: Sample = { column, round, loadavg: loadavg()[0], at: {} };
  if (column !== 'none') {
    const frame = await chatFrame(page, deadline);
    await frame
      .waitForFunction(() => (globalThis as unknown as { __benchMarks: FrameMarks }).__benchMarks.inputReady !== undefined, undefined, { timeout: 180_000, polling: 20 })
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nmarks: ${JSON.stringify(await marksOf(frame).catch(() => 'none'))}`);
      });
    // The keystroke goes in as soon as the input is there; when it is accepted is up to the page.
    const input = frame.locator('[data-testid="prompt-input"]');
    await input.press('x');
    const want = column === 'session' ? 'lastMessage' : 'emptyState';
    await frame.waitForFunction((k) => {
      const m = (globalThis as unknown as { __benchMarks: FrameMarks }).__benchMarks;
      return m.keyPainted !== undefined && m[k as keyof FrameMarks] !== undefined;
    }, want, { timeout: 180_000, polling: 50 }).catch(async (err: Error) => {
      const shot = path.join(OUT, `extension-failed-${column}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`${err.message}\nmarks: ${JSON.stringify(await marksOf(frame).catch(() => 'none'))}; screenshot ${shot}`);
    });
    const m = await marksOf(frame);
    await frame.evaluate(() => void ((globalThis as unknown as { __benchMarks: FrameMarks }).__benchMarks.stop = true));
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') sample.at[k] = v - start;
    await input.fill('');
    // The activation line of this extension host.
    for (;;) {
      const lines = activationLines(wb.server.runDir);
      if (lines.length > activationsBefore) {
        const last = lines[lines.length - 1];
        sample.activationMs = last.ms;
        sample.activateCallMs = last.activateMs;
        sample.loadMs = last.loadMs;
        sample.ownMs = last.loadMs !== undefined && last.activateMs !== undefined ? last.loadMs + last.activateMs : undefined;
        sample.codeCache = last.codeCache;
        sample.at.activated = last.time - start;
        break;
      }
      if (Date.now() > deadline) throw new Error('no "Tandem activated in N ms" line appeared in the Tandem log after the reload');
      await new Promise((r) => setTimeout(r, 100));
    }
  } else {
    await page.locator('.monaco-workbench').waitFor({ timeout: 180_000 });
  }
  // The workbench's own marks (the last one comes when the extension host has scanned extensions).
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, WORKBENCH_MARKS[2], { timeout: 180_000, polling: 50 });
  const wbMarks = await page.evaluate((names) => names.map((n) => performance.getEntriesByName(n)[0]?.startTime), [...WORKBENCH_MARKS]);
  WORKBENCH_MARKS.forEach((n, i) => (sample.at[n] = wbMarks[i]));
  return sample;
}

/** The side-bar chat shows the bench session (History → Resume, as a user would). */
async function resumeSession(wb: Workbench): Promise<void> {
  const chat = wb.chat();
  if ((await chat.getByText(LAST_MESSAGE_MARKER).count()) > 0) return;
  await chat.getByTestId('history-button').click();
  const row = chat.locator('[data-testid="session-row"]', { hasText: SESSION_TITLE });
  await row.getByTestId('session-resume').click({ timeout: 60_000 });
  await chat.getByText(LAST_MESSAGE_MARKER).waitFor({ timeout: 120_000 });
}

async function newChat(wb: Workbench): Promise<void> {
  if ((await wb.chat().getByTestId('empty-state').count()) > 0) return;
  await runCommand(wb, 'Tandem: New Chat');
  await wb.chat().getByTestId('empty-state').waitFor({ timeout: 60_000 });
}

// ---------------------------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function stats(samples: Sample[], column: Column, key: string): { median: number; min: number; max: number } | undefined {
  const xs = samples.filter((s) => s.column === column).map((s) => (key === 'activationMs' || key === 'activateCallMs' || key === 'loadMs' || key === 'ownMs' ? s[key] : s.at[key])).filter((x): x is number => x !== undefined);
  return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : undefined;
}

function fmt(s: ReturnType<typeof stats>): string {
  return s ? `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})` : '-';
}

function ratio(a: ReturnType<typeof stats>, b: ReturnType<typeof stats>): string {
  return a && b && b.median > 0 ? `${(a.median / b.median).toFixed(2)}x` : '-';
}

function report(samples: Sample[], session: ReturnType<typeof writeSession>): void {
  const rows: [string, string, string?][] = [
    ['Tandem activation (its log line)', 'activationMs'],
    ['  Tandem’s own: loading + activate()', 'ownMs'],
    ['    loading the bundle', 'loadMs'],
    ['    activate() itself', 'activateCallMs'],
    ['activation ended (log time)', 'activated'],
    ['workbench started', 'code/didStartWorkbench', 'none'],
    ['side bar restored', 'code/didRestoreViewlet', 'none'],
    ['extensions scanned', 'code/didLoadExtensions', 'none'],
    ['chat frame created', 'frameStart'],
    ['chat page written into it', 'written'],
    ['panel: first content', 'firstContent'],
    ['panel: last message / empty chat in view', 'shown'],
    ['panel: input there', 'inputReady'],
    ['panel: keystroke accepted', 'keyInput'],
    ['panel: keystroke painted (usable)', 'keyPainted'],
  ];
  for (const s of samples) if (s.column !== 'none') s.at.shown = s.column === 'session' ? s.at.lastMessage : s.at.emptyState;
  const loads = samples.map((s) => s.loadavg);
  console.log(`\nbench/extension: ${RUNS} reloads per column, medians (ranges) in ms after the navigation; 1-min load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  console.log(`session: ${session.messages} messages, ${session.transcriptItems} transcript items, ${(session.bytes / 1e6).toFixed(2)} MB log`);
  const header = ['', `${MESSAGES}-message session`, 'empty chat', 'no Tandem', 'session / empty', 'session / no Tandem'];
  const table = rows.map(([label, key, base]) => {
    const a = stats(samples, 'session', key);
    const b = stats(samples, 'empty', key);
    const c = base ? stats(samples, 'none', key) : undefined;
    return [label, fmt(a), fmt(b), base ? fmt(c) : '', ratio(a, b), base ? ratio(a, c) : ''];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const r of table) console.log(line(r));
  const actAll = samples.map((s) => s.activationMs).filter((x): x is number => x !== undefined);
  const caches = new Map<string, number>();
  for (const s of samples) if (s.activationMs !== undefined) caches.set(s.codeCache ?? 'not logged', (caches.get(s.codeCache ?? 'not logged') ?? 0) + 1);
  const flashes = samples.filter((s) => s.column === 'session' && s.at.emptyState !== undefined).length;
  console.log(`\nthe empty chat showed before the restored session in ${flashes} of ${samples.filter((s) => s.column === 'session').length} reloads`);
  console.log(`the bundle's code cache at those reloads: ${[...caches].map(([k, n]) => `${k} ${n}x`).join(', ')}`);
  const ownAll = samples.map((s) => s.ownMs).filter((x): x is number => x !== undefined);
  console.log(`aims (issue 17): activation under 100 ms: Tandem's own part (loading + activate()) median ${Math.round(median(ownAll))} ms: ${median(ownAll) < 100 ? 'met' : 'missed'}; from loading to the end of activate(), with the extension host's time between them, median ${Math.round(median(actAll))} ms over all ${actAll.length} Tandem reloads: ${median(actAll) < 100 ? 'met' : 'missed'}`);
  // Per reload: from the chat frame's creation to the last message (or empty chat) in view and a keystroke painted.
  const panel = (column: Column) => {
    const xs = samples.filter((s) => s.column === column && s.at.frameStart !== undefined && s.at.keyPainted !== undefined && s.at.shown !== undefined);
    return xs.length ? median(xs.map((s) => Math.max(s.at.keyPainted!, s.at.shown!) - s.at.frameStart!)) : NaN;
  };
  const [withSession, empty] = [panel('session'), panel('empty')];
  console.log(`panel usable within 1 s of the chat frame's creation: ${Math.round(withSession)} ms with the session (median): ${withSession <= 1000 ? 'met' : 'missed'}; empty chat ${Math.round(empty)} ms (${(withSession / empty).toFixed(2)}x)`);
}

async function main(): Promise<void> {
  const vsix = packageVsix();
  const llm = await startFakeLlm();
  const open: Workbench[] = [];
  try {
    log('opening a workbench with Tandem and one without ...');
    const tandem = await openWorkbench({ vsix });
    open.push(tandem);
    const storage = path.join(tandem.server.runDir, 'data', 'User', 'globalStorage', EXTENSION_ID);
    const session = writeSession(storage, tandem.workspace, MESSAGES);
    log(`wrote ${session.file} (${session.messages} messages)`);
    const none = await openWorkbench({ vsix: null });
    open.push(none);
    for (const wb of open) await wb.page.context().addInitScript(PROBE);

    await openTandemPanel(tandem);
    const chat = tandem.chat();
    await chat.getByTestId('setup-card').waitFor();
    await chat.locator('[data-testid="setup-key"] input').fill('sk-bench-extension');
    await chat.locator('[data-testid="setup-base-url"] input').fill(llm.anthropicBaseUrl);
    await chat.getByTestId('setup-save').click();
    await chat.getByTestId('prompt-input').waitFor({ timeout: 60_000 });

    const samples: Sample[] = [];
    // One warm-up reload of each, then RUNS rounds, the order of the three rotating each round.
    const order: Column[] = ['session', 'empty', 'none'];
    for (let round = 0; round <= RUNS; round++) {
      const cols = order.map((_, i) => order[(i + round) % order.length]);
      for (const column of cols) {
        if (column === 'session') await resumeSession(tandem);
        if (column === 'empty') await newChat(tandem);
        const s = await reload(column === 'none' ? none : tandem, column, round);
        const show = s.at.lastMessage ?? s.at.emptyState;
        log(`${round === 0 ? 'warm-up' : `round ${round}`} ${column}: ${column === 'none' ? `workbench started ${Math.round(s.at['code/didStartWorkbench'] ?? NaN)} ms` : `activation ${s.activationMs} ms (own ${s.ownMs ?? '?'} ms, code cache: ${s.codeCache ?? '?'}), shown ${Math.round(show ?? NaN)} ms, keystroke painted ${Math.round(s.at.keyPainted ?? NaN)} ms`} (load ${s.loadavg.toFixed(1)})`);
        if (round > 0) samples.push(s);
      }
    }
    report(samples, session);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'extension.json'), JSON.stringify({ when: new Date().toISOString(), runs: RUNS, messages: MESSAGES, session, vsixBytes: statSync(vsix).size, samples }, null, 2));
  } finally {
    for (const wb of open) await wb.close();
    await llm.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
