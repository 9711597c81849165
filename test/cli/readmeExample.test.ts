// The README's "Library use" example must run as written: its first ```ts block is extracted, its
// 'tandem' import pointed at src/core/index.ts, and it runs under tsx against the fake model with
// the key and base URL in the environment, as a user would run it.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

const REPO = resolve(__dirname, '..', '..');
const TMP = join(REPO, 'test', 'cli', '.tmp');

/** The first ```ts block between the "## Library use" heading and the next "## " heading. */
function libraryExample(readme: string): string {
  const start = readme.search(/^## Library use[ \t]*$/m);
  assert.ok(start >= 0, 'README.md has a "## Library use" section');
  const rest = readme.slice(start + 1);
  const next = rest.search(/^## /m);
  const section = next >= 0 ? rest.slice(0, next) : rest;
  const block = /^```ts[ \t]*\n([\s\S]*?)^```[ \t]*$/m.exec(section);
  assert.ok(block, 'the "Library use" section has a ```ts code block');
  return block[1];
}

function run(file: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const child = spawn(join(REPO, 'node_modules', '.bin', 'tsx'), [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

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

  it('runs as written: the model calls the defined tool, and the final text is printed', async () => {
    const code = libraryExample(readFileSync(join(REPO, 'README.md'), 'utf8'));
    let imports = 0;
    const rewritten = code.replace(/from (['"])tandem\1/g, () => {
      imports++;
      return `from ${JSON.stringify(join(REPO, 'src', 'core', 'index.ts'))}`;
    });
    assert.ok(imports >= 1, "the example imports from 'tandem'");
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
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of Object.keys(env)) if (/^(ANTHROPIC|OPENAI|TANDEM)_/.test(k)) delete env[k];
    Object.assign(env, { HOME: home, ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl });

    const r = await run(file, ws, env);
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
