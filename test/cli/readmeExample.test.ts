// The README's "Library use" example must run as written: its first ```ts block is extracted, its
// 'tandem' import pointed at src/core/index.ts, and it runs under tsx against the fake model with
// the key and base URL in the environment, as a user would run it.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { cleanEnv, runProcess } from '../harness/process';
import { readmeBlock, retargetImport } from '../harness/readme';

const REPO = resolve(__dirname, '..', '..');
const TMP = join(REPO, 'test', 'cli', '.tmp');

describe('README "Library use" example', () => {
  let llm: FakeLlm;
  const cleanup: string[] = [];

  before(async () => {
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const p of cleanup) rmSync(p, { recursive: true, force: true });
  });

  it('runs as written: the model calls the defined tool, and the final text is printed', async function () {
    this.timeout(120_000); // tsx compiles the example first: slow on a busy machine
    const rewritten = retargetImport(readmeBlock('## Library use', 'ts'), join(REPO, 'src', 'core', 'index.ts'));
    mkdirSync(TMP, { recursive: true });
    const file = join(TMP, `readme-example-${process.pid}.ts`);
    writeFileSync(file, rewritten);
    cleanup.push(file);

    const ws = mkdtempSync(join(tmpdir(), 'tandem-readme-ws-'));
    const home = mkdtempSync(join(tmpdir(), 'tandem-readme-home-'));
    cleanup.push(ws, home);
    mkdirSync(join(ws, 'src'));
    writeFileSync(join(ws, 'src', 'login.ts'), 'export function onLoginClick() {}\n');

    const answer = 'TAN-42 is about the login button doing nothing on Safari 17; src/login.ts handles the click.';
    llm.push(
      { content: [{ type: 'tool_use', id: 'toolu_t1', name: 'get_ticket', input: { id: 'TAN-42' } }] },
      { content: [{ type: 'text', text: answer }] },
    );
    const env = cleanEnv({ HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl });
    const r = await runProcess(join(REPO, 'node_modules', '.bin', 'tsx'), [file], { cwd: ws, env });
    assert.equal(r.code, 0, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], answer);
    assert.match(r.stdout, /\(2 model requests, session [\w-]+\)/);

    assert.equal(llm.requests.length, 2);
    const tools = llm.requests[0].body.tools.map((t: { name: string }) => t.name);
    assert.deepEqual([...tools].sort(), ['Glob', 'Grep', 'Read', 'get_ticket']);
    const last = llm.requests[1].body.messages.at(-1);
    const result = last.content.find((b: { type: string }) => b.type === 'tool_result');
    assert.equal(result.tool_use_id, 'toolu_t1');
    assert.equal(result.content, 'Login button does nothing on Safari 17');
    assert.ok(!result.is_error);
    // The session was logged where the README says: ~/.tandem.
    const projects = join(home, '.tandem', 'projects');
    assert.ok(existsSync(projects) && readdirSync(projects).length === 1, 'one project folder under ~/.tandem/projects');
  });
});
