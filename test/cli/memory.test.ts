// Memory files in Claude Code's layout through the built CLI and the SDK, in a throwaway HOME and
// repository: what the fake model receives proves what was loaded (system prompt at start, a Read
// result for path-scoped rules), and `-p "/memory"` lists it all without a request to the model.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { createAgent } from '../../src/core/index';
import { recordExternalImportsDecision } from '../../src/core/memory/approval';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { ensureCliBuilt } from './harness';
import { lastToolResults, sandbox, say, systemText, toolUse } from './claudeFixtures';
import type { Sandbox } from './claudeFixtures';

/** A repository with Claude Code's memory files at every level; the CLI runs in its `app/` folder. */
function claudeProject(sb: Sandbox): { app: string } {
  sb.write('~/.claude/CLAUDE.md', '# Mine\nUSER-MEMORY-1\n- @~/.claude/personal-prefs.md\n');
  sb.write('~/.claude/personal-prefs.md', 'USER-IMPORT-2');
  sb.write('~/.claude/rules/tone.md', 'USER-RULE-3');
  sb.write('.git/HEAD', 'ref: refs/heads/main\n');
  sb.write('CLAUDE.md', '# Repository\nREPO-ROOT-4\n');
  sb.write('app/CLAUDE.md', [
    '# App',
    'APP-MEMORY-5',
    'See @docs/conventions.md for conventions.',
    'Write `@docs/never-code.md` literally.',
    '```text',
    '@docs/never-fence.md',
    '```',
    '<!-- NEVER-COMMENT-6 -->',
  ].join('\n'));
  sb.write('app/docs/conventions.md', 'CONVENTIONS-7 and @../shared/deeper.md');
  sb.write('app/shared/deeper.md', 'DEEPER-IMPORT-8');
  sb.write('app/docs/never-code.md', 'NEVER-CODE-9');
  sb.write('app/docs/never-fence.md', 'NEVER-FENCE-10');
  sb.write('app/CLAUDE.local.md', 'LOCAL-11');
  sb.write('app/.claude/rules/style.md', 'ALWAYS-RULE-12');
  sb.write('app/.claude/rules/api/validation.md', '---\npaths:\n  - "src/api/**/*.ts"\n---\n# API\nPATH-RULE-13\n');
  sb.write('app/src/api/users.ts', 'export const users = [];\n');
  return { app: join(sb.ws, 'app') };
}

describe('memory files (CLAUDE.md, CLAUDE.local.md, rules, imports)', function () {
  this.timeout(180_000);
  let llm: FakeLlm;
  let sb: Sandbox;
  before(async function () {
    this.timeout(120_000);
    ensureCliBuilt();
    llm = await startFakeLlm();
  });
  after(() => llm?.close());
  beforeEach(() => {
    llm.load({ replies: [] });
    llm.requests.length = 0;
    sb = sandbox(llm);
  });
  afterEach(() => sb.dispose());

  it('loads user, repository-root, workspace and local files with their imports; a path rule arrives with the Read of a matching file', async () => {
    const { app } = claudeProject(sb);
    llm.push(toolUse('Read', { file_path: join(app, 'src', 'api', 'users.ts') }), say('done'));
    const r = await sb.cli(['-p', 'look at the users API'], {}, app);
    assert.equal(r.code, 0, r.stderr);
    const system = systemText(llm.requests[0]);
    const order = ['USER-MEMORY-1', 'USER-IMPORT-2', 'USER-RULE-3', 'REPO-ROOT-4', 'DEEPER-IMPORT-8', 'CONVENTIONS-7', 'APP-MEMORY-5', 'LOCAL-11', 'ALWAYS-RULE-12'];
    for (const m of order) assert.ok(system.includes(m), `${m} in the system prompt`);
    // Claude Code's order: user, then the repository root down to the workspace; imports before their importer.
    const at = order.map((m) => system.indexOf(m));
    assert.deepEqual([...at].sort((a, b) => a - b), [at[1], at[0], at[2], at[3], at[4], at[5], at[6], at[7], at[8]]);
    for (const m of ['NEVER-CODE-9', 'NEVER-FENCE-10', 'NEVER-COMMENT-6', 'PATH-RULE-13']) assert.ok(!system.includes(m), `${m} not in the system prompt`);
    assert.ok(system.includes(`${join(app, 'shared', 'deeper.md')} (project instructions, imported by ${join(app, 'docs', 'conventions.md')})`));
    const [result] = lastToolResults(llm.requests[1]);
    assert.match(result.content, /PATH-RULE-13/);
    assert.ok(!result.content.includes('paths:'), 'frontmatter removed');
  });

  it('a path rule also arrives with a Write of a matching file (Claude Code: Read, Write or Edit)', async () => {
    sb.write('.claude/rules/python.md', '---\npaths: "**/*.py"\n---\nPYTHON-RULE-22');
    llm.push(toolUse('Write', { file_path: join(sb.ws, 'tools', 'gen.py'), content: 'print(1)\n' }), say('done'));
    const r = await sb.cli(['-p', 'write a script', '--permission-mode', 'acceptEdits']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!systemText(llm.requests[0]).includes('PYTHON-RULE-22'));
    assert.match(lastToolResults(llm.requests[1])[0].content, /PYTHON-RULE-22/);
  });

  it('-p "/memory" lists every file with its scope and importer, and what it did not load, without asking the model', async () => {
    const { app } = claudeProject(sb);
    const r = await sb.cli(['-p', '/memory'], {}, app);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(llm.requests.length, 0, 'no request to the model');
    const line = (path: string) => r.stdout.split('\n').find((l) => l.trim().startsWith(`${path}  `)) ?? `(no line for ${path})`;
    assert.match(line(join(sb.home, '.claude', 'CLAUDE.md')), /\[user\]$/);
    assert.match(line(join(sb.home, '.claude', 'personal-prefs.md')), new RegExp(`\\[user, imported from ${join(sb.home, '.claude', 'CLAUDE.md')}\\]$`));
    assert.match(line(join(sb.ws, 'CLAUDE.md')), /\[project\]$/);
    assert.match(line(join(app, 'CLAUDE.local.md')), /\[local\]$/);
    assert.match(line(join(app, 'shared', 'deeper.md')), new RegExp(`imported from ${join(app, 'docs', 'conventions.md')}`));
    assert.match(line(join(app, '.claude', 'rules', 'style.md')), /\[project rule\]$/);
    assert.match(line(join(app, '.claude', 'rules', 'api', 'validation.md')), /\[project rule for src\/api\/\*\*\/\*\.ts\] — on demand/);
    assert.ok(!r.stdout.includes('never-code.md'), r.stdout);
    assert.match(r.stdout, /Memory files: 9 loaded, 1 listed but not loaded\./);
  });

  it("loads the organization's managed CLAUDE.md first and skips what claudeMdExcludes names (never the managed file); /memory and /status show them", async () => {
    const { app } = claudeProject(sb);
    const managed = sb.write(join(sb.home, '..', 'etc', 'claude-code', 'CLAUDE.md'), 'MANAGED-POLICY-30');
    // Claude Code's documented example place: the personal settings.local.json; patterns are absolute-path globs.
    sb.write('app/.claude/settings.local.json', { claudeMdExcludes: ['**/ws/CLAUDE.md', '**/CLAUDE.md'] });
    // Claude Code's claudeMd key: honoured in managed settings only.
    const managedSettings = sb.write(join(sb.home, '..', 'etc', 'claude-code', 'managed-settings.json'), { claudeMd: 'MANAGED-SETTINGS-TEXT-31' });
    sb.write('~/.claude/settings.json', { claudeMdExcludes: ['**/rules/style.md'], claudeMd: 'USER-CLAUDEMD-IGNORED-32' });
    const env = { TANDEM_MANAGED_MEMORY: managed, TANDEM_MANAGED_SETTINGS: managedSettings };
    llm.push(say('ok'));
    const r = await sb.cli(['-p', 'hi'], env, app);
    assert.equal(r.code, 0, r.stderr);
    const system = systemText(llm.requests[0]);
    assert.ok(system.includes(`## ${managed} (the organization's managed instructions)`), system);
    assert.ok(system.indexOf('MANAGED-POLICY-30') < system.indexOf('MANAGED-SETTINGS-TEXT-31'), 'the managed file, then the managed settings text');
    assert.ok(system.indexOf('MANAGED-SETTINGS-TEXT-31') < system.indexOf('USER-RULE-3'), 'managed before user');
    assert.ok(system.includes(`## ${managedSettings} (the organization's managed instructions)`), system);
    assert.ok(!system.includes('USER-CLAUDEMD-IGNORED-32'), 'claudeMd outside managed settings has no effect');
    // An excluded file's imports go with it (USER-IMPORT-2).
    for (const m of ['USER-MEMORY-1', 'USER-IMPORT-2', 'REPO-ROOT-4', 'APP-MEMORY-5', 'ALWAYS-RULE-12']) assert.ok(!system.includes(m), `${m} excluded`);
    for (const m of ['LOCAL-11', 'USER-RULE-3']) assert.ok(system.includes(m), `${m} still loaded`);
    const list = await sb.cli(['-p', '/memory'], env, app);
    assert.equal(list.code, 0, list.stderr);
    const line = (path: string) => list.stdout.split('\n').find((l) => l.trim().startsWith(`${path}  `)) ?? `(no line for ${path})`;
    assert.match(line(managed), /\[managed\]$/);
    assert.match(line(managedSettings), /\[managed\]$/);
    assert.match(line(join(sb.ws, 'CLAUDE.md')), /\[project\] — not loaded: excluded \(claudeMdExcludes: \*\*\/ws\/CLAUDE\.md\)$/);
    assert.match(line(join(app, '.claude', 'rules', 'style.md')), /— not loaded: excluded \(claudeMdExcludes: \*\*\/rules\/style\.md\)$/);
    const status = await sb.cli(['-p', '/status'], env, app);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`Memory files: \\d+\n  ${managed}\n  ${managedSettings}\n`));
    assert.equal(llm.requests.length, 1, '/memory and /status ask no model');
  });

  it('does not follow an import out of the workspace (named on stderr and in /memory), nor into a file a Read deny rule covers', async () => {
    sb.write('~/.claude/settings.json', { permissions: { deny: ['Read(./private/**)'] } });
    const outside = sb.write(join(sb.home, '..', 'team-notes.md'), 'OUTSIDE-14');
    sb.write('private/keys.md', 'DENIED-15');
    sb.write('CLAUDE.md', `PROJECT-16\n@${outside}\n@private/keys.md\n`);
    llm.push(say('ok'));
    const r = await sb.cli(['-p', 'hi']);
    assert.equal(r.code, 0, r.stderr);
    const system = systemText(llm.requests[0]);
    assert.ok(system.includes('PROJECT-16'));
    assert.ok(!system.includes('OUTSIDE-14') && !system.includes('DENIED-15'), system);
    assert.match(r.stderr, new RegExp(`warning: an import in the project's memory files points outside the workspace and was not loaded: ${outside}`));
    const list = await sb.cli(['-p', '/memory']);
    assert.match(list.stdout, new RegExp(`${outside}  \\[project, imported from ${join(sb.ws, 'CLAUDE.md')}\\] — not loaded: outside the workspace`));
    assert.match(list.stdout, /private\/keys\.md {2}\[project, imported from .*\] — not loaded: denied \(a deny rule for Read covers it\)/);
  });

  it('--add-dir folders give access, not instructions, unless CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD=1 (as Claude Code)', async () => {
    const extra = sb.write(join(sb.home, '..', 'extra', 'CLAUDE.md'), 'EXTRA-DIR-20');
    sb.write('CLAUDE.md', 'MAIN-21');
    llm.push(say('ok'), say('ok'));
    assert.equal((await sb.cli(['-p', 'hi', '--add-dir', join(extra, '..')])).code, 0);
    assert.equal((await sb.cli(['-p', 'hi', '--add-dir', join(extra, '..')], { CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD: '1' })).code, 0);
    const [without, withFlag] = llm.requests.map(systemText);
    assert.ok(without.includes('MAIN-21') && !without.includes('EXTRA-DIR-20'));
    assert.ok(withFlag.includes('MAIN-21') && withFlag.includes('EXTRA-DIR-20'));
  });

  it('SDK: agent.memoryFiles() lists the files; memoryExternalImports: true, or the recorded answer for the project, loads an outside import', async () => {
    const outside = sb.write(join(sb.home, '..', 'shared-team.md'), 'OUTSIDE-SDK-17');
    sb.write('CLAUDE.md', `SDK-PROJECT-18 @${outside}\n`);
    sb.write('.claude/rules/ts.md', '---\npaths: "**/*.ts"\n---\nTS-RULE-19');
    const home = process.env.HOME;
    process.env.HOME = sb.home;
    try {
      const options = { provider: 'anthropic' as const, apiKey: 'k', baseURL: llm.anthropicBaseUrl, cwd: sb.ws, userDir: join(sb.home, '.tandem'), persistSession: false };
      const plain = createAgent(options);
      try {
        const files = await plain.memoryFiles();
        assert.deepEqual(
          files.map((f) => [f.path, f.scope, f.kind, f.status]),
          [
            [join(sb.ws, 'CLAUDE.md'), 'project', 'file', 'loaded'],
            [outside, 'project', 'import', 'external'],
            [join(sb.ws, '.claude', 'rules', 'ts.md'), 'project', 'rule', 'on-demand'],
          ],
        );
        assert.equal(llm.requests.length, 0);
      } finally {
        plain.close();
      }
      const trusting = createAgent({ ...options, memoryExternalImports: true });
      try {
        llm.push(say('ok'));
        await trusting.prompt('hi');
        assert.match(systemText(llm.requests[0]), /OUTSIDE-SDK-17[\s\S]*SDK-PROJECT-18/);
        assert.deepEqual((await trusting.memoryFiles()).find((f) => f.path === outside)?.importedBy, [join(sb.ws, 'CLAUDE.md')]);
      } finally {
        trusting.close();
      }
      // The answer the panel records for the project (Claude Code's once-per-project question) is followed too.
      recordExternalImportsDecision(options.userDir, sb.ws, true);
      const approved = createAgent(options);
      try {
        assert.equal((await approved.memoryFiles()).find((f) => f.path === outside)?.status, 'loaded');
      } finally {
        approved.close();
      }
      recordExternalImportsDecision(options.userDir, sb.ws, false);
      const declined = createAgent(options);
      try {
        assert.equal((await declined.memoryFiles()).find((f) => f.path === outside)?.status, 'external');
      } finally {
        declined.close();
      }
    } finally {
      process.env.HOME = home;
    }
  });
});
