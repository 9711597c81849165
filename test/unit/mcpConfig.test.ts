// MCP configuration: every source and format, precedence (narrower wins whole), origins, variable
// expansion, project approval bound to the entry's hash, and permission rules for MCP tool names.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMcpConfig } from '../../src/core/mcp/config';
import type { McpServerEntry } from '../../src/core/mcp/config';
import { expandValue, ExpandError } from '../../src/core/mcp/expand';
import { capText, mapToolResult } from '../../src/core/mcp/results';
import { McpApprovals, entryHash } from '../../src/core/mcp/trust';
import { mcpToolName } from '../../src/core/mcp/tools';
import { readMcpUserSettings } from '../../src/core/mcp/userSettings';
import { PermissionEngine } from '../../src/core/permissions/engine';
import { ruleCoversTool } from '../../src/core/permissions/toolNames';

const noUser = { enableAllProjectMcpServers: false, enabledMcpjsonServers: [], disabledMcpjsonServers: [] };

describe('MCP configuration', () => {
  let root: string;
  let ws: string;
  let home: string;
  const write = (file: string, value: unknown) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  };
  const load = (extra: Partial<Parameters<typeof loadMcpConfig>[0]> = {}) => loadMcpConfig({ cwd: ws, home, userDir: join(home, '.tandem'), ...extra });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tandem-mcpcfg-'));
    ws = join(root, 'ws');
    home = join(root, 'home');
    mkdirSync(ws, { recursive: true });
    mkdirSync(home, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads every source, records each origin, and lets the narrower scope win whole', () => {
    write(join(home, '.claude.json'), {
      mcpServers: { shared: { command: 'user-cmd', args: ['u'] }, onlyUser: { type: 'http', url: 'https://example.test/mcp' } },
      projects: { [ws]: { mcpServers: { shared: { command: 'local-cmd' } } } },
    });
    write(join(ws, '.mcp.json'), { mcpServers: { shared: { command: 'project-cmd', env: { A: '1' } }, proj: { command: 'p' } } });
    write(join(ws, '.vscode', 'mcp.json'), { servers: { vs: { type: 'sse', url: 'https://example.test/sse' }, proj: { command: 'vs-version' } }, inputs: [{ type: 'promptString', id: 'tok', password: true }] });
    write(join(home, '.tandem', 'mcp.json'), { mcpServers: { mine: { command: 'mine' }, onlyUser: { command: 'tandem-wins' } } });
    const cfg = load();
    assert.deepEqual(cfg.warnings, []);
    const by = Object.fromEntries(cfg.servers.map((s) => [s.name, s]));
    assert.equal(by.shared.origin.scope, 'local');
    assert.deepEqual(by.shared.config, { type: 'stdio', command: 'local-cmd', args: [], env: {} }, 'the winner is used whole: no env or args from the project entry');
    assert.deepEqual(by.shared.shadows.map((o) => o.scope), ['project', 'user']);
    assert.equal(by.proj.origin.scope, 'project');
    assert.equal(by.vs.origin.scope, 'vscode');
    assert.equal(by.vs.config.type, 'sse');
    assert.equal(by.mine.origin.scope, 'tandem');
    assert.equal(by.onlyUser.origin.scope, 'tandem');
    assert.deepEqual(cfg.inputs, [{ id: 'tok', password: true }]);
  });

  it('--mcp-config (file or JSON, repeatable) is narrowest; --strict-mcp-config reads nothing else', () => {
    write(join(ws, '.mcp.json'), { mcpServers: { a: { command: 'project' }, b: { command: 'project-b' } } });
    write(join(ws, 'extra.json'), { mcpServers: { a: { command: 'from-file' } } });
    const cfg = load({ flagConfigs: ['extra.json', JSON.stringify({ mcpServers: { c: { type: 'http', url: 'http://127.0.0.1:9/mcp' } } })] });
    const names = Object.fromEntries(cfg.servers.map((s) => [s.name, s]));
    assert.equal((names.a.config as { command: string }).command, 'from-file');
    assert.equal(names.a.origin.scope, 'flag');
    assert.equal(names.b.origin.scope, 'project');
    assert.equal(names.c.origin.file, '--mcp-config <json>');
    const strict = load({ flagConfigs: ['extra.json'], strict: true });
    assert.deepEqual(strict.servers.map((s) => s.name), ['a']);
    assert.throws(() => load({ flagConfigs: ['{not json'] }), /--mcp-config: not valid JSON/);
    assert.throws(() => load({ flagConfigs: ['missing.json'] }), /--mcp-config/);
  });

  it('skips broken files and entries with a warning that says what to fix, keeping the rest', () => {
    write(join(ws, '.mcp.json'), '{"mcpServers": {');
    write(join(home, '.tandem', 'mcp.json'), { mcpServers: { ok: { command: 'x' }, noCmd: { args: [] }, badType: { type: 'ws', url: 'ws://x' }, 'bad name!': { command: 'x' }, badUrl: { type: 'http', url: 'ftp://x' } } });
    const cfg = load();
    assert.deepEqual(cfg.servers.map((s) => s.name), ['ok']);
    const text = cfg.warnings.join('\n');
    assert.match(text, /\.mcp\.json is not valid JSON/);
    assert.match(text, /noCmd.*"command" must be a non-empty string/);
    assert.match(text, /badType.*unsupported type "ws"/);
    assert.match(text, /bad name!.*must be letters/);
    assert.match(text, /badUrl.*http\(s\) URL/);
  });

  it('expands ${VAR}, ${VAR:-default}, ${env:VAR}, ${workspaceFolder} and ${input:id}; a missing variable is an error', () => {
    const ctx = { env: { TOKEN: 'abc', EMPTY: '' }, workspaceFolder: '/ws', inputs: { key: 'typed' } };
    assert.deepEqual(
      expandValue({ command: '${HOME_BIN:-/usr/bin}/srv', args: ['--token=${TOKEN}', '${workspaceFolder}/x', '${env:TOKEN}', '${input:key}'], headers: { Authorization: 'Bearer ${TOKEN}' }, env: { E: '${EMPTY:-fallback}' } }, ctx),
      { command: '/usr/bin/srv', args: ['--token=abc', '/ws/x', 'abc', 'typed'], headers: { Authorization: 'Bearer abc' }, env: { E: 'fallback' } },
    );
    assert.throws(() => expandValue({ url: 'https://${HOST}/mcp' }, ctx), /\$\{HOST\} is not set and has no default/);
    assert.throws(
      () => expandValue({ args: ['${input:other}'] }, ctx),
      (e: unknown) => e instanceof ExpandError && e.missingInputs[0] === 'other',
    );
  });
});

describe('MCP project approval', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'tandem-mcptrust-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const entry = (raw: Record<string, unknown>, scope: McpServerEntry['origin']['scope'] = 'project'): McpServerEntry => ({
    name: 'srv',
    raw,
    config: { type: 'stdio', command: String(raw.command), args: (raw.args as string[]) ?? [], env: {} },
    origin: { scope, file: join(root, '.mcp.json') },
    shadows: [],
  });

  it('asks for repository servers; an answer binds to the entry\'s hash and a change asks again', () => {
    const approvals = new McpApprovals(join(root, 'user'));
    const e = entry({ command: 'node', args: ['server.js'] });
    assert.equal(approvals.decide(e, noUser).state, 'pending');
    approvals.record(e, 'refused');
    assert.equal(approvals.decide(e, noUser).state, 'refused');
    approvals.record(e, 'approved');
    assert.equal(approvals.decide(e, noUser).state, 'approved');
    assert.equal(approvals.decide(entry({ args: ['server.js'], command: 'node' }), noUser).state, 'approved', 'key order does not matter');
    const changed = entry({ command: 'node', args: ['server.js', '--evil'] });
    assert.notEqual(entryHash(changed), entryHash(e));
    const d = approvals.decide(changed, noUser);
    assert.equal(d.state, 'pending');
    assert.match(d.reason, /changed/);
    assert.equal(approvals.decide(entry({ command: 'x' }, 'local'), noUser).state, 'trusted');
    assert.equal(approvals.decide(entry({ command: 'x' }, 'flag'), noUser).state, 'trusted');
  });

  it('user settings approve in bulk (enableAllProjectMcpServers, enabledMcpjsonServers, disabledMcpjsonServers); a repository\'s settings cannot', () => {
    const ws = join(root, 'ws');
    const home = join(root, 'home');
    mkdirSync(join(ws, '.tandem'), { recursive: true });
    mkdirSync(join(ws, '.claude'), { recursive: true });
    writeFileSync(join(ws, '.tandem', 'settings.json'), JSON.stringify({ enableAllProjectMcpServers: true }));
    writeFileSync(join(ws, '.claude', 'settings.json'), JSON.stringify({ enableAllProjectMcpServers: true, enabledMcpjsonServers: ['srv'] }));
    const approvals = new McpApprovals(join(home, '.tandem'));
    const e = entry({ command: 'node' });
    assert.equal(approvals.decide(e, readMcpUserSettings(join(home, '.tandem'), home, ws)).state, 'pending', 'the repository\'s own settings are not read');
    mkdirSync(join(home, '.claude'), { recursive: true });
    writeFileSync(join(home, '.claude', 'settings.json'), JSON.stringify({ enabledMcpjsonServers: ['srv'] }));
    assert.equal(approvals.decide(e, readMcpUserSettings(join(home, '.tandem'), home, ws)).state, 'approved');
    mkdirSync(join(home, '.tandem'), { recursive: true });
    writeFileSync(join(home, '.tandem', 'settings.json'), JSON.stringify({ disabledMcpjsonServers: ['srv'] }));
    assert.equal(approvals.decide(e, readMcpUserSettings(join(home, '.tandem'), home, ws)).state, 'refused');
    assert.equal(approvals.decide(e, { ...noUser, enableAllProjectMcpServers: true }).state, 'approved');
  });
});

describe('MCP tool names, rules and results', () => {
  it('names tools mcp__<server>__<tool>, normalized and at most 64 characters', () => {
    assert.equal(mcpToolName('github', 'create_issue'), 'mcp__github__create_issue');
    assert.equal(mcpToolName('my.server', 'get-thing'), 'mcp__my_server__get-thing');
    const long = mcpToolName('s', 'x'.repeat(100));
    assert.equal(long.length, 64);
    assert.notEqual(long, mcpToolName('s', `${'x'.repeat(99)}y`));
  });

  it('rules mcp__server, mcp__server__*, mcp__server__tool and mcp__* cover the right tools', () => {
    assert.ok(ruleCoversTool('mcp__github', 'mcp__github__create_issue'));
    assert.ok(!ruleCoversTool('mcp__github', 'mcp__githubx__create_issue'));
    assert.ok(ruleCoversTool('mcp__github__*', 'mcp__github__create_issue'));
    assert.ok(ruleCoversTool('mcp__github__get_*', 'mcp__github__get_issue'));
    assert.ok(!ruleCoversTool('mcp__github__get_*', 'mcp__github__create_issue'));
    assert.ok(ruleCoversTool('mcp__*', 'mcp__x__y'));
    assert.ok(!ruleCoversTool('mcp__*', 'Bash'));
    assert.ok(!ruleCoversTool('mcp__github__create_issue', 'mcp__github__create_issue_x'));
  });

  it('the engine asks for MCP calls by default, and deny, ask and allow rules by server or tool decide', async () => {
    const decide = async (rules: { allow?: string[]; ask?: string[]; deny?: string[] }, mode: 'default' | 'bypassPermissions' | 'plan' = 'default') =>
      (await new PermissionEngine(mode, rules, [tmpdir()]).decide('mcp__gh__delete_repo', false, { kind: 'none' }, tmpdir())).behavior;
    assert.equal(await decide({}), 'ask');
    assert.equal(await decide({ allow: ['mcp__gh'] }), 'allow');
    assert.equal(await decide({ allow: ['mcp__gh__*'] }), 'allow');
    assert.equal(await decide({ allow: ['mcp__gh__*'], deny: ['mcp__gh__delete_repo'] }), 'deny');
    assert.equal(await decide({ allow: ['mcp__gh'], ask: ['mcp__gh__delete_*'] }), 'ask');
    assert.equal(await decide({ deny: ['mcp__*'] }, 'bypassPermissions'), 'deny');
    assert.equal(await decide({ allow: ['mcp__other'] }), 'ask');
    assert.equal(await decide({}, 'plan'), 'deny');
  });

  it('maps text, images, resource links, embedded resources and structured content; caps with a note; strips invisible Unicode', () => {
    const r = mapToolResult(
      {
        content: [
          { type: 'text', text: 'hello\u200B\u{E0041}' },
          { type: 'image', data: 'AAAA', mimeType: 'image/png' },
          { type: 'resource_link', uri: 'file:///a.txt', name: 'a.txt', mimeType: 'text/plain' },
          { type: 'resource', resource: { uri: 'demo://x', text: 'inner' } },
          { type: 'resource', resource: { uri: 'demo://b', blob: 'AAAAAAAA', mimeType: 'application/zip' } },
        ],
        structuredContent: { t: 1 },
      },
      'the MCP tool x',
      100,
    );
    assert.deepEqual(r.images, [{ mediaType: 'image/png', data: 'AAAA' }]);
    assert.match(r.content, /^hello\n/);
    assert.match(r.content, /\[resource link\] a\.txt: file:\/\/\/a\.txt \[text\/plain\]/);
    assert.match(r.content, /\[resource demo:\/\/x\]\ninner/);
    assert.match(r.content, /\[binary resource demo:\/\/b \(application\/zip\), 6 bytes, not shown\]/);
    assert.match(r.content, /Structured content:\n\{\n {2}"t": 1\n\}/);
    assert.match(r.content, /removed invisible characters from the MCP tool x: (1 tag characters, 1 zero-width|1 zero-width characters, 1 tag)/);
    assert.equal(mapToolResult({ content: [{ type: 'text', text: '{"t":1}' }], structuredContent: { t: 1 } }, 's', 100).content, '{"t":1}', 'not repeated when the text already carries it');
    const capped = capText('x'.repeat(1000), 100);
    assert.equal(capped.indexOf('[Output truncated'), 402);
    assert.match(capped, /about 250 tokens, over the limit of 100 \(MAX_MCP_OUTPUT_TOKENS\)/);
    assert.equal(mapToolResult({ content: [], isError: true }, 's', 100).isError, true);
  });
});
