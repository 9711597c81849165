// The memory loader against Claude Code's documented layout: parent folders up to the repository
// root, CLAUDE.local.md, .claude/rules with and without `paths`, `@path` imports (hops, cycles,
// code, `~/`, missing, external, denied) and what /memory lists.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { defaultManagedMemoryFile, managedMemoryFile } from '../../src/core/memory/managed';
import { MemorySession } from '../../src/core/memory/session';
import type { MemoryOptions } from '../../src/core/memory/session';
import { scanMemoryMarkdown } from '../../src/core/memory/markdown';
import { buildSystemPrompt } from '../../src/core/memory/systemPrompt';

describe('memory files (Claude Code layout)', () => {
  let tmp: string;
  let home: string;
  let repo: string;
  let ws: string;
  const write = (path: string, text: string): string => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  const session = (opts: Partial<MemoryOptions> = {}) => new MemorySession({ home, roots: [ws], managedFile: null, ...opts });
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-memfiles-')));
    home = join(tmp, 'home');
    repo = join(tmp, 'repo');
    ws = join(repo, 'packages', 'app');
    mkdirSync(home, { recursive: true });
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(ws, { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('loads the user files, then every folder from the repository root down to the workspace, local after CLAUDE.md', async () => {
    write(join(tmp, 'CLAUDE.md'), 'above the repository');
    write(join(home, '.claude', 'CLAUDE.md'), 'USER');
    write(join(repo, 'CLAUDE.md'), 'REPO');
    write(join(repo, 'packages', 'CLAUDE.local.md'), 'PACKAGES-LOCAL');
    write(join(ws, 'CLAUDE.md'), 'APP');
    write(join(ws, '.claude', 'CLAUDE.md'), 'APP-DOT-CLAUDE');
    write(join(ws, 'CLAUDE.local.md'), 'APP-LOCAL');
    write(join(ws, 'AGENTS.md'), 'APP-AGENTS');
    const files = await session().load();
    assert.deepEqual(
      files.map((f) => [f.content, f.scope]),
      [
        ['USER', 'user'],
        ['REPO', 'project'],
        ['PACKAGES-LOCAL', 'local'],
        ['APP', 'project'],
        ['APP-DOT-CLAUDE', 'project'],
        ['APP-LOCAL', 'local'],
        ['APP-AGENTS', 'project'],
      ],
    );
  });

  it('outside a repository reads only the workspace folder itself', async () => {
    rmSync(join(repo, '.git'), { recursive: true });
    write(join(repo, 'CLAUDE.md'), 'REPO');
    write(join(ws, 'CLAUDE.md'), 'APP');
    assert.deepEqual((await session().load()).map((f) => f.content), ['APP']);
  });

  it('loads rules without paths at once and rules with paths on a matching Read, frontmatter removed', async () => {
    write(join(home, '.claude', 'rules', 'prefs.md'), 'USER-RULE');
    write(join(ws, '.claude', 'rules', 'style.md'), '# Style\nTWO-SPACES');
    write(join(ws, '.claude', 'rules', 'backend', 'api.md'), '---\npaths:\n  - "src/api/**/*.ts"\n---\n# API\nVALIDATE-INPUT');
    write(join(ws, '.claude', 'rules', 'tests.md'), '---\npaths: "tests/**/*.test.{ts,tsx}, e2e/**"\n---\nTEST-RULE');
    write(join(ws, '.claude', 'rules', 'broken.md'), '---\npaths: [unclosed\n---\nBROKEN-FRONTMATTER');
    const memory = session();
    const first = await memory.load();
    assert.deepEqual(first.map((f) => [f.content.trim(), f.kind, f.scope]), [
      ['USER-RULE', 'rule', 'user'],
      ['BROKEN-FRONTMATTER', 'rule', 'project'],
      ['# Style\nTWO-SPACES', 'rule', 'project'],
    ]);
    const listed = await memory.entries();
    assert.deepEqual(
      listed.filter((e) => e.status === 'on-demand').map((e) => [e.path, e.paths]),
      [
        [join(ws, '.claude', 'rules', 'backend', 'api.md'), ['src/api/**/*.ts']],
        [join(ws, '.claude', 'rules', 'tests.md'), ['tests/**/*.test.{ts,tsx}', 'e2e/**']],
      ],
    );
    assert.deepEqual(await memory.onRead(join(ws, 'src', 'ui', 'x.ts')), []);
    const api = await memory.onRead(join(ws, 'src', 'api', 'v1', 'users.ts'));
    assert.deepEqual(api.map((f) => [f.content, f.paths]), [['# API\nVALIDATE-INPUT', ['src/api/**/*.ts']]]);
    assert.ok(!api[0].content.includes('paths'), 'the frontmatter does not reach the model');
    assert.deepEqual(await memory.onRead(join(ws, 'src', 'api', 'other.ts')), [], 'a rule loads once');
    assert.deepEqual((await memory.onRead(join(ws, 'tests', 'a', 'b.test.tsx'))).map((f) => f.content.trim()), ['TEST-RULE']);
    assert.ok((await memory.entries()).every((e) => e.status === 'loaded'));
  });

  it("a sub-folder's .claude/rules join when a file below it is read; their paths are relative to that folder", async () => {
    write(join(ws, 'web', '.claude', 'rules', 'always.md'), 'WEB-ALWAYS');
    write(join(ws, 'web', '.claude', 'rules', 'tsx.md'), '---\npaths: ["src/**/*.tsx"]\n---\nWEB-TSX');
    const memory = session();
    assert.deepEqual(await memory.load(), []);
    assert.deepEqual((await memory.onRead(join(ws, 'web', 'README.md'))).map((f) => [f.content, f.scope, f.kind]), [['WEB-ALWAYS', 'nested', 'rule']]);
    assert.deepEqual((await memory.onRead(join(ws, 'web', 'src', 'App.tsx'))).map((f) => f.content), ['WEB-TSX']);
    assert.deepEqual(await memory.onRead(join(ws, 'web', 'src', 'Other.tsx')), []);
  });

  it('user rules with paths match files of the workspace', async () => {
    write(join(home, '.claude', 'rules', 'md.md'), '---\npaths: ["*.md"]\n---\nMARKDOWN-RULE');
    const memory = session();
    assert.deepEqual(await memory.load(), []);
    assert.deepEqual(await memory.onRead(join(ws, 'docs', 'x.md')), [], '*.md is the workspace folder only');
    assert.deepEqual((await memory.onRead(join(ws, 'README.md'))).map((f) => f.content), ['MARKDOWN-RULE']);
  });

  it('expands imports before the importing file: relative to it, ~/ and absolute; code spans, fences and quotes stay literal', async () => {
    const abs = write(join(tmp, 'shared', 'abs.md'), 'ABSOLUTE');
    write(join(home, '.claude', 'personal.md'), 'HOME-IMPORT');
    write(join(home, '.claude', 'CLAUDE.md'), '@personal.md\n');
    write(join(ws, 'docs', 'style.md'), 'STYLE see @../notes/more.md');
    write(join(ws, 'notes', 'more.md'), 'MORE');
    write(join(ws, 'Design Docs', 'api.md'), 'SPACED');
    write(join(ws, 'code.md'), 'NEVER-CODE');
    write(join(ws, 'fence.md'), 'NEVER-FENCE');
    write(join(ws, 'quoted.md'), 'NEVER-QUOTED');
    write(
      join(ws, 'CLAUDE.md'),
      [
        '# Project',
        'Style: @docs/style.md, and the API @Design\\ Docs/api.md',
        'Not this: `@code.md`, nor @"quoted.md"',
        '```',
        '@fence.md',
        '```',
        `Absolute @${abs}`,
        'Mine: @~/.claude/personal.md',
        'mail me at someone@example.com',
      ].join('\n'),
    );
    const memory = session({ allowExternalImports: true });
    const files = await memory.load();
    assert.deepEqual(files.map((f) => f.content.split('\n')[0]), ['HOME-IMPORT', '@personal.md', 'MORE', 'STYLE see @../notes/more.md', 'SPACED', 'ABSOLUTE', '# Project']);
    const style = files.find((f) => f.path === join(ws, 'notes', 'more.md'))!;
    assert.deepEqual(style.importedBy, [join(ws, 'CLAUDE.md'), join(ws, 'docs', 'style.md')]);
    const all = files.map((f) => f.content).join('\n');
    for (const never of ['NEVER-CODE', 'NEVER-FENCE', 'NEVER-QUOTED']) assert.ok(!all.includes(never), never);
    // The home import in the project file was already loaded through ~/.claude/CLAUDE.md: listed as such.
    const entries = await memory.entries();
    assert.equal(entries.find((e) => e.path === join(home, '.claude', 'personal.md') && e.status === 'duplicate')?.importedBy?.[0], join(ws, 'CLAUDE.md'));
  });

  it('follows five hops (six files in a chain) and lists the sixth import as too deep', async () => {
    write(join(ws, 'CLAUDE.md'), 'L0 @l1.md');
    for (let i = 1; i <= 6; i++) write(join(ws, `l${i}.md`), `L${i}${i < 6 ? ` @l${i + 1}.md` : ''}`);
    const memory = session();
    const files = await memory.load();
    assert.deepEqual(files.map((f) => f.content.split(' ')[0]), ['L5', 'L4', 'L3', 'L2', 'L1', 'L0']);
    const deep = (await memory.entries()).find((e) => e.status === 'too-deep');
    assert.equal(deep?.path, join(ws, 'l6.md'));
    assert.equal(deep?.importedBy?.length, 6);
  });

  it('cuts cycles, notes missing files and binary ones, and carries on', async () => {
    writeFileSync(join(ws, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    write(join(ws, 'CLAUDE.md'), 'ROOT @a.md @missing.md @logo.png');
    write(join(ws, 'a.md'), 'A @b.md');
    write(join(ws, 'b.md'), 'B @a.md @CLAUDE.md');
    const memory = session();
    assert.deepEqual((await memory.load()).map((f) => f.content.split(' ')[0]), ['B', 'A', 'ROOT']);
    const entries = await memory.entries();
    assert.deepEqual(
      entries.filter((e) => e.status !== 'loaded').map((e) => [e.path, e.status]),
      [
        [join(ws, 'a.md'), 'cycle'],
        [join(ws, 'CLAUDE.md'), 'cycle'],
        [join(ws, 'missing.md'), 'missing'],
        [join(ws, 'logo.png'), 'unreadable'],
      ],
    );
  });

  it('lists imports from outside the workspace in project files without reading them, unless allowed; user files may import anywhere', async () => {
    const outside = write(join(tmp, 'elsewhere', 'team.md'), 'OUTSIDE');
    write(join(ws, 'CLAUDE.md'), `@${outside}\nPROJECT`);
    write(join(home, '.claude', 'CLAUDE.md'), '@../../elsewhere/team.md\nUSER');
    const onlyProject = session({ home: join(tmp, 'nohome') });
    assert.deepEqual((await onlyProject.load()).map((f) => f.content.split('\n').pop()), ['PROJECT']);
    const [ext] = (await onlyProject.entries()).filter((e) => e.status === 'external');
    assert.equal(ext.path, outside);
    assert.deepEqual(ext.importedBy, [join(ws, 'CLAUDE.md')]);
    assert.deepEqual((await session({ home: join(tmp, 'nohome'), allowExternalImports: true }).load()).map((f) => f.content.split('\n')[0]), ['OUTSIDE', '@' + outside]);
    assert.deepEqual((await session().load()).map((f) => f.content.split('\n').pop()), ['OUTSIDE', 'USER', 'PROJECT']);
  });

  it('never imports a file a Read deny rule covers, nor one in a secrets folder', async () => {
    write(join(ws, 'secret.md'), 'DENIED-CONTENT');
    write(join(home, '.ssh', 'id_notes.md'), 'SSH-CONTENT');
    write(join(home, '.claude', 'CLAUDE.md'), '@~/.ssh/id_notes.md\nUSER');
    write(join(ws, 'CLAUDE.md'), '@secret.md\nPROJECT');
    const memory = session({ readDenied: (p) => p.endsWith('secret.md') });
    const all = (await memory.load()).map((f) => f.content).join('\n');
    assert.ok(!all.includes('DENIED-CONTENT') && !all.includes('SSH-CONTENT'), all);
    assert.deepEqual(
      (await memory.entries()).filter((e) => e.status === 'denied').map((e) => e.path),
      [join(home, '.ssh', 'id_notes.md'), join(ws, 'secret.md')],
    );
  });

  it('does not load a project rule linked from outside the project unless external imports are allowed', async () => {
    const shared = write(join(tmp, 'shared-rules', 'sec.md'), 'LINKED-RULE');
    mkdirSync(join(ws, '.claude', 'rules'), { recursive: true });
    symlinkSync(shared, join(ws, '.claude', 'rules', 'sec.md'));
    const memory = session();
    assert.deepEqual(await memory.load(), []);
    assert.deepEqual((await memory.entries()).map((e) => e.status), ['external']);
    assert.deepEqual((await session({ allowExternalImports: true }).load()).map((f) => f.content), ['LINKED-RULE']);
  });

  it('loads the managed CLAUDE.md first, with its imports from anywhere, then the managed settings\' claudeMd text; claudeMdExcludes cannot skip them', async () => {
    const managed = write(join(tmp, 'etc', 'claude-code', 'CLAUDE.md'), '@../policy/extra.md\nMANAGED');
    write(join(tmp, 'etc', 'policy', 'extra.md'), 'POLICY-IMPORT');
    write(join(home, '.claude', 'CLAUDE.md'), 'USER');
    write(join(ws, 'CLAUDE.md'), 'PROJECT');
    const settingsFile = join(tmp, 'etc', 'claude-code', 'managed-settings.json');
    const memory = session({ managedFile: managed, managedText: { file: settingsFile, text: 'FROM-SETTINGS\u200b' }, excludes: ['**/CLAUDE.md', '**/*.md', '**/*.json'] });
    const files = await memory.load();
    assert.deepEqual(
      files.map((f) => [f.content.split('\n').pop(), f.scope]),
      [
        ['POLICY-IMPORT', 'managed'],
        ['MANAGED', 'managed'],
        ['FROM-SETTINGS', 'managed'],
      ],
    );
    const entries = await memory.entries();
    assert.deepEqual(
      entries.map((e) => [e.path, e.scope, e.status]),
      [
        [managed, 'managed', 'loaded'],
        [join(tmp, 'etc', 'policy', 'extra.md'), 'managed', 'loaded'],
        [settingsFile, 'managed', 'loaded'],
        [join(home, '.claude', 'CLAUDE.md'), 'user', 'excluded'],
        [join(ws, 'CLAUDE.md'), 'project', 'excluded'],
      ],
    );
    const prompt = buildSystemPrompt({ facts: { cwd: ws, platform: 'linux', shell: 'bash', date: '2026-12-05', git: 'none' } as never, instructions: files, toolNames: [] });
    assert.ok(prompt.includes(`## ${managed} (the organization's managed instructions)`), prompt);
    // Without the option the file comes from TANDEM_MANAGED_MEMORY (or Claude Code's path).
    const saved = process.env.TANDEM_MANAGED_MEMORY;
    process.env.TANDEM_MANAGED_MEMORY = managed;
    try {
      assert.deepEqual((await new MemorySession({ home, roots: [ws] }).load()).map((f) => f.content.split('\n').pop()), ['POLICY-IMPORT', 'MANAGED', 'USER', 'PROJECT']);
    } finally {
      if (saved === undefined) delete process.env.TANDEM_MANAGED_MEMORY;
      else process.env.TANDEM_MANAGED_MEMORY = saved;
    }
  });

  it("the managed file's place is Claude Code's documented one per platform, unless TANDEM_MANAGED_MEMORY names another", () => {
    assert.equal(defaultManagedMemoryFile('linux'), '/etc/claude-code/CLAUDE.md');
    assert.equal(defaultManagedMemoryFile('darwin'), '/Library/Application Support/ClaudeCode/CLAUDE.md');
    assert.equal(defaultManagedMemoryFile('win32'), 'C:\\Program Files\\ClaudeCode\\CLAUDE.md');
    assert.equal(managedMemoryFile({}, 'linux'), '/etc/claude-code/CLAUDE.md');
    assert.equal(managedMemoryFile({ TANDEM_MANAGED_MEMORY: '/x/CLAUDE.md' }, 'darwin'), '/x/CLAUDE.md');
  });

  it('claudeMdExcludes skips files, imports, AGENTS.md and rules by absolute-path glob (a linked rule by either path), listing each', async () => {
    write(join(repo, 'CLAUDE.md'), 'ROOT-OTHER-TEAM');
    write(join(ws, 'CLAUDE.md'), '@notes/skip.md\n@notes/keep.md\nAPP');
    write(join(ws, 'notes', 'skip.md'), 'SKIPPED-IMPORT');
    write(join(ws, 'notes', 'keep.md'), 'KEPT-IMPORT');
    write(join(ws, 'AGENTS.md'), 'AGENTS');
    write(join(ws, '.claude', 'rules', 'style.md'), 'STYLE-RULE');
    write(join(ws, '.claude', 'rules', 'other', 'x.md'), 'OTHER-RULE');
    write(join(ws, '.claude', 'rules', 'api.md'), '---\npaths: src/**\n---\nAPI-RULE');
    const shared = write(join(repo, 'shared', 'linked.md'), 'LINKED-RULE');
    symlinkSync(shared, join(ws, '.claude', 'rules', 'linked.md'));
    const excludes = [`**/repo/CLAUDE.md`, join(ws, 'notes', 'skip.md'), '**/AGENTS.md', `${ws}/.claude/rules/other/**`, '**/api.md', `${repo}/shared/*.md`];
    const memory = session({ excludes, allowExternalImports: true });
    const files = await memory.load();
    assert.deepEqual(files.map((f) => f.content.split('\n').pop()), ['KEPT-IMPORT', 'APP', 'STYLE-RULE']);
    assert.deepEqual(await memory.onRead(join(ws, 'src', 'a.ts')), [], 'an excluded path-scoped rule never joins');
    const excluded = (await memory.entries()).filter((e) => e.status === 'excluded');
    assert.deepEqual(
      excluded.map((e) => [e.path, e.note]).sort(),
      [
        [join(repo, 'CLAUDE.md'), 'claudeMdExcludes: **/repo/CLAUDE.md'],
        [join(ws, '.claude', 'rules', 'api.md'), 'claudeMdExcludes: **/api.md'],
        [join(ws, '.claude', 'rules', 'linked.md'), `claudeMdExcludes: ${repo}/shared/*.md`],
        [join(ws, '.claude', 'rules', 'other', 'x.md'), `claudeMdExcludes: ${ws}/.claude/rules/other/**`],
        [join(ws, 'AGENTS.md'), 'claudeMdExcludes: **/AGENTS.md'],
        [join(ws, 'notes', 'skip.md'), `claudeMdExcludes: ${join(ws, 'notes', 'skip.md')}`],
      ].sort(),
    );
    // The same rule excluded by the path under .claude/rules rather than its target.
    const byLink = session({ excludes: [join(ws, '.claude', 'rules', 'linked.md')], allowExternalImports: true });
    assert.ok(!(await byLink.load()).some((f) => f.content === 'LINKED-RULE'));
  });

  it('strips invisible characters and block HTML comments; the prompt names each file and its importer', async () => {
    write(join(ws, 'CLAUDE.md'), '<!-- maintainers: MAINTAINER-NOTE -->\nVISIBLE\u200b\u{E0041}TEXT @more.md\n');
    write(join(ws, 'more.md'), 'MORE\u202eTEXT');
    const files = await session().load();
    assert.ok(!files.some((f) => f.content.includes('MAINTAINER-NOTE')));
    const prompt = buildSystemPrompt({ facts: { cwd: ws, platform: 'linux', shell: 'bash', date: '2026-12-05', git: 'not a git repository' } as never, instructions: files, toolNames: [] });
    assert.ok(prompt.includes('VISIBLETEXT'), 'invisible characters removed');
    assert.ok(prompt.includes('MORETEXT'), 'also in imported files');
    assert.ok(prompt.includes(`## ${join(ws, 'more.md')} (project instructions, imported by ${join(ws, 'CLAUDE.md')})`));
    assert.ok(prompt.indexOf('MORETEXT') < prompt.indexOf('VISIBLETEXT'), 'imported first');
  });
});

describe('scanMemoryMarkdown', () => {
  it('finds imports only in text, unescapes spaces, keeps inline comments', () => {
    const r = scanMemoryMarkdown('a @x.md `@y.md`\n\n    @indented.md\n\n> quoted @q.md\n\n- item @Design\\ Docs/z.md\n\n<!-- @hidden.md -->\n\ninline <!-- c --> end\n');
    assert.deepEqual(r.imports, ['x.md', 'q.md', 'Design Docs/z.md']);
    assert.ok(!r.content.includes('@hidden.md'));
    assert.ok(r.content.includes('inline <!-- c --> end'));
  });
});
