// The README's open-agent-SDK tutorial program runs from the sources with only its import changed
// (pointed at src/core/index.ts), under tsx, against the fake model with the key in the environment.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { cleanEnv, runProcess } from '../harness/process';
import { REPO_ROOT, retargetImport } from '../harness/readme';
import { checkTutorialRun, scriptTutorial, tutorialProgram } from '../harness/tutorial';

describe("README: the open-agent-SDK tutorial program", () => {
  let llm: FakeLlm;
  const cleanup: string[] = [];
  before(async () => {
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const p of cleanup) rmSync(p, { recursive: true, force: true });
  });

  it('runs with only its import changed: the tool, the switches, the printed result and the streamed text', async function () {
    this.timeout(120_000); // tsx compiles the program first: slow on a busy machine
    const dir = join(REPO_ROOT, 'test', 'cli', '.tmp');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `tutorial-${process.pid}.mts`);
    writeFileSync(file, retargetImport(tutorialProgram(), join(REPO_ROOT, 'src', 'core', 'index.ts')));
    const ws = mkdtempSync(join(tmpdir(), 'tandem-tutorial-ws-'));
    const home = mkdtempSync(join(tmpdir(), 'tandem-tutorial-home-'));
    cleanup.push(file, ws, home);
    scriptTutorial(llm, ws);
    const env = cleanEnv({ HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl });
    const r = await runProcess(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), [file], { cwd: ws, env });
    checkTutorialRun(r, llm, ws);
  });
});
