// The model asks for dangerous calls that published agent bypasses used; run headless with rules a
// user might plausibly have, none of them may run. Each call would create a marker file: it must
// not exist afterwards, and the model must be told the call was refused.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt, runCli } from './harness';

interface Case {
  name: string;
  /** Flags besides -p; the marker path is MARKER in the workspace unless the case says otherwise. */
  flags: string[];
  tool: 'Bash' | 'Write' | 'Edit';
  input: (ws: string, marker: string) => Record<string, unknown>;
  /** Set up the workspace (symlinks, settings files) before the run. */
  prepare?: (ws: string, outside: string) => void;
  marker?: (ws: string, outside: string) => string;
}

const touch = (marker: string) => `touch ${marker}`;

const CASES: Case[] = [
  { name: 'chained after an allowed command', flags: ['--allowedTools', 'Bash(git status:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `git status && ${touch(m)}` }) },
  { name: 'after a semicolon', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo hi; ${touch(m)}` }) },
  { name: 'after a newline', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo hi\n${touch(m)}` }) },
  { name: 'after a carriage return', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo hi\r${touch(m)}` }) },
  { name: 'in a command substitution', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo $(${touch(m)})` }) },
  { name: 'in backticks', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo \`${touch(m)}\`` }) },
  { name: 'in a process substitution', flags: ['--allowedTools', 'Bash(cat:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `cat <(${touch(m)})` }) },
  { name: 'through bash -c', flags: ['--allowedTools', 'Bash(bash:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `bash -c "${touch(m)}"` }) },
  { name: 'through sh -c inside an allowed echo chain', flags: ['--allowedTools', 'Bash(echo:*),Bash(sh:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo ok && sh -c '${touch(m)}'` }) },
  { name: 'through eval', flags: ['--allowedTools', 'Bash(eval:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `eval "${touch(m)}"` }) },
  { name: 'through xargs', flags: ['--allowedTools', 'Bash(echo:*),Bash(xargs:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo ${m} | xargs touch` }) },
  { name: 'through find -exec', flags: ['--allowedTools', 'Bash(find:*)'], tool: 'Bash', input: (ws, m) => ({ command: `find ${ws} -maxdepth 0 -exec touch ${m} \\;` }) },
  { name: 'through the env wrapper', flags: ['--allowedTools', 'Bash(env:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `env FOO=1 ${touch(m)}` }) },
  { name: 'through timeout', flags: ['--allowedTools', 'Bash(timeout:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `timeout 5 ${touch(m)}` }) },
  { name: 'through an assignment carrying a substitution', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `X=$(${touch(m)}) echo hi` }) },
  { name: 'as a redirect target of an allowed echo', flags: ['--allowedTools', 'Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo pwned > ${m}` }) },
  { name: 'by quoting the command name', flags: ['--allowedTools', 'Bash(echo:*)', '--disallowedTools', 'Bash(touch:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `'to'"uch" ${m}` }) },
  { name: 'through git -c core.pager', flags: ['--allowedTools', 'Bash(git:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `git -c core.pager="${touch(m)}" log -1` }) },
  { name: 'through sed e', flags: ['--allowedTools', 'Bash(sed:*),Bash(echo:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `echo x | sed 's/x/${touch(m).replace(/\//g, '\\/')}/e'` }) },
  { name: 'through awk system()', flags: ['--allowedTools', 'Bash(awk:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `awk 'BEGIN { system("${touch(m)}") }'` }) },
  { name: 'through a here-doc fed to bash', flags: ['--allowedTools', 'Bash(bash:*)'], tool: 'Bash', input: (_ws, m) => ({ command: `bash <<EOF\n${touch(m)}\nEOF` }) },
  { name: 'in plan mode', flags: ['--permission-mode', 'plan'], tool: 'Bash', input: (_ws, m) => ({ command: touch(m) }) },
  { name: 'a write in plan mode', flags: ['--permission-mode', 'plan'], tool: 'Write', input: (_ws, m) => ({ file_path: m, content: 'x' }) },
  {
    name: 'a write through a symlink that leaves the workspace (acceptEdits)',
    flags: ['--permission-mode', 'acceptEdits'],
    tool: 'Write',
    prepare: (ws, outside) => symlinkSync(outside, join(ws, 'link')),
    input: (ws) => ({ file_path: join(ws, 'link', 'MARKER'), content: 'x' }),
    marker: (_ws, outside) => join(outside, 'MARKER'),
  },
  {
    name: 'a write into a sibling folder named like the workspace (acceptEdits)',
    flags: ['--permission-mode', 'acceptEdits'],
    tool: 'Write',
    input: (ws) => ({ file_path: `${ws}-evil/MARKER`, content: 'x' }),
    marker: (ws) => `${ws}-evil/MARKER`,
  },
  {
    name: 'a write with .. that climbs out of the workspace (acceptEdits)',
    flags: ['--permission-mode', 'acceptEdits'],
    tool: 'Write',
    input: (ws, _m) => ({ file_path: join(ws, 'sub', '..', '..', 'MARKER-dotdot'), content: 'x' }),
    marker: (ws) => join(ws, '..', 'MARKER-dotdot'),
  },
  {
    name: 'a write into .git/hooks in bypassPermissions',
    flags: ['--permission-mode', 'bypassPermissions'],
    tool: 'Write',
    prepare: (ws) => mkdirSync(join(ws, '.git', 'hooks'), { recursive: true }),
    input: (ws) => ({ file_path: join(ws, '.git', 'hooks', 'MARKER'), content: '#!/bin/sh\n' }),
    marker: (ws) => join(ws, '.git', 'hooks', 'MARKER'),
  },
  {
    name: "a repository's own settings that try to allow everything",
    flags: [],
    tool: 'Bash',
    prepare: (ws) => {
      mkdirSync(join(ws, '.tandem'), { recursive: true });
      writeFileSync(join(ws, '.tandem', 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash'], defaultMode: 'bypassPermissions' } }));
    },
    input: (_ws, m) => ({ command: touch(m) }),
  },
];

describe('tandem -p refuses dangerous calls', function () {
  this.timeout(30_000);
  let llm: FakeLlm;
  const temps: string[] = [];
  const temp = (prefix: string) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    temps.push(d);
    return d;
  };

  before(async () => {
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(async () => {
    await llm.close();
    for (const d of temps) rmSync(d, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const ws = temp('tandem-danger-ws-');
      const outside = temp('tandem-danger-out-');
      c.prepare?.(ws, outside);
      const marker = c.marker?.(ws, outside) ?? join(ws, 'MARKER');
      temps.push(`${ws}-evil`);
      llm.load({ replies: [{ content: [{ type: 'tool_use', id: 'tu_danger', name: c.tool, input: c.input(ws, marker) }] }, { content: [{ type: 'text', text: 'ok' }] }] });
      const before = llm.requests.length;
      const r = await runCli(['-p', 'do it', ...c.flags], {
        cwd: ws,
        env: { HOME: temp('tandem-danger-home-'), ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' },
      });
      assert.ok(!existsSync(marker), `${marker} was created: the call ran.\n${r.stderr}`);
      assert.equal(llm.requests.length, before + 2, `the run went on to tell the model (exit ${r.code}): ${r.stderr}`);
      const result = llm.requests[before + 1].body.messages.at(-1).content[0];
      assert.equal(result.tool_use_id, 'tu_danger');
      assert.match(result.content, /Permission denied|denied|not allowed|outside/i, result.content);
    });
  }

  it("applies the user's own defaultMode, and says which repository settings wait for approval", async () => {
    const ws = temp('tandem-danger-ws-');
    const home = temp('tandem-danger-home-');
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ permissions: { defaultMode: 'acceptEdits' } }));
    mkdirSync(join(ws, '.tandem'), { recursive: true });
    writeFileSync(join(ws, '.tandem', 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash(curl:*)'] } }));
    const file = join(ws, 'made.txt');
    llm.load({ replies: [{ content: [{ type: 'tool_use', id: 'tu_w', name: 'Write', input: { file_path: file, content: 'hi\n' } }] }, { content: [{ type: 'text', text: 'ok' }] }] });
    const r = await runCli(['-p', 'write it'], { cwd: ws, env: { HOME: home, ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, TANDEM_MAX_RETRIES: '0' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(file), 'acceptEdits from the user settings let the write through');
    assert.match(r.stderr, /settings\.json is ignored in part until you approve it.*Bash\(curl:\*\)/s, r.stderr);
  });
});
