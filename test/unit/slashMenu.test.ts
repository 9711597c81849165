// The panel's slash menu (issue 13 items 4-5, issue 14 item 5): which names the filter accepts, how the
// built-ins and the custom commands, skills and MCP prompts are listed and filtered, and the send
// path's per-turn grants and model. Commands and skills are fixture files in Claude Code's layout.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CommandSession } from '../../src/core/commands/session';
import type { ServerState } from '../../src/core/mcp/manager';
import { PermissionEngine } from '../../src/core/permissions/engine';
import { toTranscript } from '../../src/core/session/replay';
import type { SessionEvent } from '../../src/core/session/events';
import { commandTurns } from '../../src/extension/commandTurns';
import { commandViews, listCustomCommands, mcpPromptViews } from '../../src/extension/customCommands';
import { SLASH_NAMES } from '../../src/protocol/input';
import { filterSlashItems, isSlashName, slashMenuItems, slashWord, takesArguments } from '../../src/protocol/slashMenu';
import type { CustomCommandView } from '../../src/protocol/slashMenu';

describe('slash menu', () => {
  let base: string;
  let home: string;
  let ws: string;
  const write = (path: string, text: string) => {
    const abs = path.startsWith('~/') ? join(home, path.slice(2)) : join(ws, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  };
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'tandem-slash-'));
    home = join(base, 'home');
    ws = join(base, 'ws');
    mkdirSync(home);
    mkdirSync(ws);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  describe('the name filter', () => {
    it('opens on "/" followed by a name with letters, digits and : - . _', () => {
      assert.equal(slashWord('/'), '');
      assert.equal(slashWord('/rev'), 'rev');
      assert.equal(slashWord('/frontend:comp'), 'frontend:comp');
      assert.equal(slashWord('/mcp__github__pr_review'), 'mcp__github__pr_review');
      assert.equal(slashWord('/a.b-c_d:e'), 'a.b-c_d:e');
    });

    it('closes once anything else is typed (arguments, a second line) or the slash is not first', () => {
      assert.equal(slashWord('/review 42'), undefined);
      assert.equal(slashWord('/review\nmore'), undefined);
      assert.equal(slashWord(' /review'), undefined);
      assert.equal(slashWord('see /review'), undefined);
      assert.equal(slashWord('/a/b'), undefined);
      assert.equal(slashWord('/a$b'), undefined);
    });

    it('accepts only such names as custom entries', () => {
      assert.ok(isSlashName('frontend:component'));
      assert.ok(isSlashName('v1.2-beta_x'));
      assert.equal(isSlashName(''), false);
      assert.equal(isSlashName('has space'), false);
      assert.equal(isSlashName('x<script>'), false);
    });
  });

  describe('building the menu', () => {
    const custom = (name: string, extra: Partial<CustomCommandView> = {}): CustomCommandView => ({ name, description: `about ${name}`, source: 'command', origin: 'project', ...extra });

    it('lists the built-ins first, then the custom entries, each once, with a built-in name flagged', () => {
      const items = slashMenuItems([custom('review', { argumentHint: '[pr]' }), custom('review'), custom('clear'), custom('bad name'), custom('mcp__gh__triage', { source: 'mcp', origin: 'gh' })]);
      const builtins = items.filter((i) => i.kind === 'builtin').map((i) => i.name);
      assert.deepEqual([...builtins].sort(), [...SLASH_NAMES].sort());
      assert.equal(items.findIndex((i) => i.kind !== 'builtin'), builtins.length, 'custom after every built-in');
      const customs = items.filter((i) => i.kind !== 'builtin');
      assert.deepEqual(customs.map((i) => i.name), ['review', 'clear', 'mcp__gh__triage']);
      assert.equal(customs[0].args, '[pr]');
      assert.equal(customs[1].shadowed, true, 'a custom /clear is hidden by the built-in, and says so');
      assert.equal(customs[0].shadowed, undefined);
      assert.equal(customs[2].kind, 'mcp');
    });

    it('filters by prefix, by the part after a namespace, then fuzzily', () => {
      const items = slashMenuItems([custom('frontend:component'), custom('review'), custom('mcp__github__pr_review', { source: 'mcp', origin: 'github' })]);
      const names = (typed: string) => filterSlashItems(typed, items).map((i) => i.name);
      assert.deepEqual(names('frontend:').slice(0, 1), ['frontend:component']);
      assert.deepEqual(names('comp').slice(0, 2), ['compact', 'frontend:component'], 'the built-in by prefix, then a namespaced command by its own name');
      assert.equal(names('pr_')[0], 'mcp__github__pr_review');
      assert.equal(names('mcp__')[0], 'mcp__github__pr_review');
      assert.deepEqual(names('rev').slice(0, 1), ['review']);
      assert.ok(names('rvw').includes('review'), 'fuzzy');
      assert.equal(names('zzzz').length, 0);
      assert.ok(names('').length === items.length, 'everything while only "/" is typed');
    });

    it('puts a custom command with an argument hint in the input, runs one without at once', () => {
      const [withArgs, without] = slashMenuItems([custom('review', { argumentHint: '[pr]' }), custom('lint')]).filter((i) => i.kind !== 'builtin');
      assert.equal(takesArguments(withArgs), true);
      assert.equal(takesArguments(without), false);
      assert.equal(takesArguments(slashMenuItems([]).find((i) => i.name === 'model')!), false, 'built-ins run from the menu as before');
    });
  });

  describe('the custom entries found on disk', () => {
    it('lists project and user commands (subfolders as namespaces), user-invocable skills, with description and hint', () => {
      write('.claude/commands/frontend/component.md', '---\ndescription: Make a component\nargument-hint: <name>\n---\nMake $1');
      write('.tandem/commands/lint.md', '# Lint the changed files\nRun the linter.');
      write('.claude/commands/commit.md', '---\ndescription: Commit\nargument-hint: [message]\n---\nCommit with $ARGUMENTS');
      write('~/.claude/commands/standup.md', '---\ndescription: Write my standup\n---\nWrite it.');
      write('.claude/skills/deploy/SKILL.md', '---\nname: deploy\ndescription: Deploy to staging\n---\nSteps');
      write('.claude/skills/internal/SKILL.md', '---\nname: internal\ndescription: Model only\nuser-invocable: false\n---\nx');
      write('.claude/commands/clear.md', '---\ndescription: My clear\n---\nx');
      const { items } = listCustomCommands([ws], undefined, home);
      const byName = Object.fromEntries(items.map((i) => [i.name, i]));
      assert.deepEqual(Object.keys(byName).sort(), ['clear', 'commit', 'deploy', 'frontend:component', 'lint', 'standup']);
      assert.equal(byName.commit.argumentHint, '[message]', 'Claude Code\'s documented hint, a YAML list when alone, shown as written');
      assert.deepEqual(byName['frontend:component'], { name: 'frontend:component', description: 'Make a component', argumentHint: '<name>', source: 'command', origin: 'project' });
      assert.equal(byName.lint.description, 'Lint the changed files', 'the first line when there is no description');
      assert.equal(byName.standup.origin, 'user');
      assert.equal(byName.deploy.source, 'skill');
      assert.equal(byName.clear.shadowed, true);
    });

    it('lists the prompts of connected MCP servers as /mcp__server__prompt with their arguments', () => {
      const server = (name: string, status: ServerState['status'], prompts: ServerState['prompts']) => ({ name, status, prompts }) as unknown as ServerState;
      const views = mcpPromptViews({
        servers: () => [
          server('git hub', 'connected', [{ name: 'pr-review', description: 'Review a PR', arguments: [{ name: 'number', required: true }, { name: 'focus' }] }, { name: 'plain' }]),
          server('down', 'failed', [{ name: 'never' }]),
        ],
      });
      assert.deepEqual(views, [
        { name: 'mcp__git_hub__pr-review', description: 'Review a PR', argumentHint: '<number> [focus]', source: 'mcp', origin: 'git hub' },
        { name: 'mcp__git_hub__plain', description: '', source: 'mcp', origin: 'git hub' },
      ]);
      assert.deepEqual(commandViews([]), []);
    });
  });

  describe('a command chosen in the panel', () => {
    it('expands, grants its allowed-tools and uses its model for that turn only', async () => {
      write('.claude/commands/ship.md', '---\ndescription: Ship it\nallowed-tools: Bash(make ship)\nmodel: haiku\n---\nShip $ARGUMENTS now.');
      const permissions = new PermissionEngine('default', {}, [ws], { home, userDir: join(home, '.tandem'), caseInsensitive: false });
      const commands = new CommandSession({ home, roots: [ws], cwd: ws, sessionId: 's', permissions });
      const provider = { id: 'p' } as never;
      let current = { provider, model: 'claude-sonnet-4-5' };
      const conversation = { get current() { return current; }, use: (p: never, model: string) => void (current = { provider: p, model }) };
      const turns = commandTurns(commands, conversation, undefined, 'anthropic');
      const decide = async () => (await permissions.decide('Bash', false, { kind: 'command', command: 'make ship' }, ws)).behavior;

      assert.equal(await decide(), 'ask', 'not allowed before the command runs');
      const input = await turns.prepare('/ship v2', new AbortController().signal);
      assert.equal(input.text, 'Ship v2 now.');
      assert.equal(await decide(), 'allow', 'allowed-tools granted for the turn');
      assert.match(current.model, /haiku/, 'the command\'s model (an alias resolved for the provider)');
      turns.end();
      assert.equal(await decide(), 'ask', 'taken back when the turn ends');
      assert.equal(current.model, 'claude-sonnet-4-5');

      const plain = await turns.prepare('just text', new AbortController().signal);
      assert.equal(plain.text, 'just text');
    });

    it('finds a command file added after the chat started', async () => {
      const permissions = new PermissionEngine('default', {}, [ws], { home, userDir: join(home, '.tandem'), caseInsensitive: false });
      const commands = new CommandSession({ home, roots: [ws], cwd: ws, sessionId: 's', permissions });
      const conversation = { current: { provider: {} as never, model: 'm' }, use: () => undefined };
      const turns = commandTurns(commands, conversation, undefined, 'anthropic');
      write('.claude/commands/late.md', 'Late body $1');
      assert.equal((await turns.prepare('/late x', new AbortController().signal)).text, 'Late body x');
    });

    it('shows what the user typed in a stored transcript, while the log keeps what the model got', () => {
      const stamp = { seq: 1, ts: 0 };
      const events = [{ ...stamp, type: 'user_message', id: 'u1', text: 'Ship v2 now.', command: '/ship v2' }] as unknown as SessionEvent[];
      const [entry] = toTranscript(events);
      assert.equal(entry.kind === 'user' && entry.text, '/ship v2');
    });
  });
});
