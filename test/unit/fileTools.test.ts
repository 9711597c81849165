// Read, Write, Edit and MultiEdit driven through execute() on a real temp folder, with the Node
// Workspace and the auto-applying Proposals the CLI uses.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProposal } from '../../src/core/edits/proposal';
import { contentHash } from '../../src/core/edits/text';
import { AutoApplyProposals } from '../../src/core/node/autoApplyProposals';
import { NodeWorkspace } from '../../src/core/node/workspace';
import type { EditProposal, ProposalOutcome, Proposals, Shell } from '../../src/core/ports';
import { systemClock } from '../../src/core/ports';
import { editTool } from '../../src/core/tools/edit';
import { multiEditTool } from '../../src/core/tools/multiEdit';
import { readTool } from '../../src/core/tools/read';
import type { Tool, ToolContext, ToolResult } from '../../src/core/tools/types';
import { writeTool } from '../../src/core/tools/write';

const noShell: Shell = {
  run: () => {
    throw new Error('these tests do not run commands');
  },
  dispose: () => undefined,
};

describe('file tools', () => {
  let dir: string;
  let ctx: ToolContext;
  let calls = 0;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-files-')));
    ctx = makeCtx(dir, new AutoApplyProposals());
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function makeCtx(root: string, proposals: Proposals): ToolContext {
    return {
      cwd: root,
      workspace: new NodeWorkspace({ roots: [root] }),
      proposals,
      shell: noShell,
      session: { readFiles: new Map(), todos: [], scratchDir: path.join(root, '.scratch') },
      clock: systemClock,
      signal: new AbortController().signal,
      toolUseId: 'tool-1',
    };
  }

  /** Validates the input like the loop does, then runs the tool. */
  async function run<I>(tool: Tool<I>, input: unknown, c: ToolContext = ctx): Promise<ToolResult> {
    const parsed = tool.input.parse(input);
    return tool.execute(parsed, { ...c, toolUseId: `tool-${++calls}` });
  }

  const file = (name: string) => path.join(dir, name);
  const put = (name: string, content: string | Uint8Array) => fs.writeFileSync(file(name), content);
  const bytes = (name: string) => fs.readFileSync(file(name));

  describe('Read', () => {
    it('numbers lines like cat -n and records the read', async () => {
      put('a.txt', 'alpha\nbeta\r\ngamma');
      const r = await run(readTool, { file_path: file('a.txt') });
      assert.equal(r.isError, undefined);
      assert.equal(r.content, '1\talpha\n2\tbeta\n3\tgamma');
      const seen = ctx.session.readFiles.get(file('a.txt'));
      assert.equal(seen?.hash, contentHash('alpha\nbeta\r\ngamma'));
      assert.equal(seen?.mtimeMs, fs.statSync(file('a.txt')).mtimeMs);
    });

    it('reads a window with offset and limit and says how to read on', async () => {
      put('n.txt', Array.from({ length: 10 }, (_, i) => `n${i + 1}`).join('\n') + '\n');
      const r = await run(readTool, { file_path: file('n.txt'), offset: 4, limit: 3 });
      assert.ok(r.content.startsWith('4\tn4\n5\tn5\n6\tn6\n'), r.content);
      assert.match(r.content, /Showing lines 4-6 of 10.*offset 7/);
      const past = await run(readTool, { file_path: file('n.txt'), offset: 50 });
      assert.match(past.content, /has 10 line\(s\), so offset 50 is past its end/);
    });

    it('shows 2,000 lines by default', async () => {
      put('big.txt', Array.from({ length: 2500 }, (_, i) => `x${i + 1}`).join('\n'));
      const r = await run(readTool, { file_path: file('big.txt') });
      assert.match(r.content, /\n2000\tx2000\n/);
      assert.ok(!r.content.includes('x2001'));
      assert.match(r.content, /Showing lines 1-2000 of 2500.*offset 2001/);
    });

    it('cuts lines longer than 2,000 characters with a note', async () => {
      put('long.txt', `short\n${'y'.repeat(5000)}\nend\n`);
      const r = await run(readTool, { file_path: file('long.txt') });
      const line2 = r.content.split('\n')[1];
      assert.ok(line2.startsWith(`2\t${'y'.repeat(2000)}…`));
      assert.ok(!line2.includes('y'.repeat(2001)));
      assert.match(line2, /line cut: 5000 characters/);
      assert.match(r.content, /\n3\tend$/);
    });

    it('says when the file is empty', async () => {
      put('empty.txt', '');
      const r = await run(readTool, { file_path: file('empty.txt') });
      assert.match(r.content, /exists but is empty/);
    });

    it('refuses binary files', async () => {
      put('data.txt', new Uint8Array([0x68, 0x69, 0x00, 0x01, 0x02]));
      const sniffed = await run(readTool, { file_path: file('data.txt') });
      assert.equal(sniffed.isError, true);
      assert.match(sniffed.content, /binary/);
      put('archive.zip', 'PK not really');
      const byName = await run(readTool, { file_path: file('archive.zip') });
      assert.equal(byName.isError, true);
      assert.match(byName.content, /binary file \(\.zip\)/);
    });

    it('returns images as base64 with their media type', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
      put('pixel.png', png);
      const r = await run(readTool, { file_path: file('pixel.png') });
      assert.equal(r.isError, undefined);
      assert.deepEqual(r.images, [{ mediaType: 'image/png', data: png.toString('base64') }]);
      assert.match(r.content, /image\/png/);
    });

    it('tells to use LS for a directory and asks for an absolute path', async () => {
      fs.mkdirSync(file('sub'));
      const d = await run(readTool, { file_path: file('sub') });
      assert.equal(d.isError, true);
      assert.match(d.content, /is a directory.*LS/);
      const rel = await run(readTool, { file_path: 'sub/x.txt' });
      assert.equal(rel.isError, true);
      assert.match(rel.content, new RegExp(`absolute path.*${escape(path.join(dir, 'sub/x.txt'))}`));
    });

    it('suggests a similarly named file when the file is missing', async () => {
      put('config.json', '{}');
      const r = await run(readTool, { file_path: file('confg.json') });
      assert.equal(r.isError, true);
      assert.match(r.content, /does not exist/);
      assert.match(r.content, new RegExp(`Did you mean ${escape(file('config.json'))}\\?`));
      const none = await run(readTool, { file_path: file('zzz-nothing-like-it.md') });
      assert.ok(!none.content.includes('Did you mean'));
      const noDir = await run(readTool, { file_path: file('nodir/x.ts') });
      assert.match(noDir.content, /does not exist either/);
    });
  });

  describe('Edit', () => {
    it('requires a prior Read and then applies the edit', async () => {
      put('e.ts', 'const a = 1;\nconst b = 2;\n');
      const before = await run(editTool, { file_path: file('e.ts'), old_string: 'b = 2', new_string: 'b = 3' });
      assert.equal(before.isError, true);
      assert.match(before.content, /not read in this session.*Read it first/);
      assert.equal(bytes('e.ts').toString(), 'const a = 1;\nconst b = 2;\n');

      await run(readTool, { file_path: file('e.ts') });
      const r = await run(editTool, { file_path: file('e.ts'), old_string: 'b = 2', new_string: 'b = 3' });
      assert.equal(r.isError, false);
      assert.match(r.content, /Applied the edit to/);
      assert.match(r.content, /\n2\tconst b = 3;/);
      assert.equal(bytes('e.ts').toString(), 'const a = 1;\nconst b = 3;\n');

      // The applied edit counts as the new known state: a second edit needs no new Read.
      const again = await run(editTool, { file_path: file('e.ts'), old_string: 'a = 1', new_string: 'a = 0' });
      assert.equal(again.isError, false, again.content);
      assert.equal(bytes('e.ts').toString(), 'const a = 0;\nconst b = 3;\n');
    });

    it('refuses when the file changed on disk after the Read', async () => {
      put('c.ts', 'x = 1\n');
      await run(readTool, { file_path: file('c.ts') });
      put('c.ts', 'x = 1\ny = 2\n');
      const r = await run(editTool, { file_path: file('c.ts'), old_string: 'x = 1', new_string: 'x = 5' });
      assert.equal(r.isError, true);
      assert.match(r.content, /modified since it was read.*Read it again/);
      assert.equal(bytes('c.ts').toString(), 'x = 1\ny = 2\n');
    });

    it('fails closed on a miss: the file is byte-identical and the closest region is shown', async () => {
      const original = Buffer.from('\uFEFFfunction add(a, b) {\r\n  return a + b;\r\n}\r\n', 'utf8');
      put('m.js', original);
      await run(readTool, { file_path: file('m.js') });
      const r = await run(editTool, { file_path: file('m.js'), old_string: 'function add(x, y) {\n  return x + y;\n}', new_string: 'nope' });
      assert.equal(r.isError, true);
      assert.match(r.content, /not found/);
      assert.match(r.content, /lines 1-3/);
      assert.match(r.content, /\n2\t {2}return a \+ b;/);
      assert.deepEqual(bytes('m.js'), original);
    });

    it('keeps CRLF, the BOM and a missing final newline', async () => {
      put('w.txt', Buffer.from('\uFEFFone\r\ntwo\r\nthree', 'utf8'));
      await run(readTool, { file_path: file('w.txt') });
      const r = await run(editTool, { file_path: file('w.txt'), old_string: 'two\n', new_string: 'TWO\nTWO and a half\n' });
      assert.equal(r.isError, false, r.content);
      assert.deepEqual(bytes('w.txt'), Buffer.from('\uFEFFone\r\nTWO\r\nTWO and a half\r\nthree', 'utf8'));
    });

    it('creates a missing file from an empty old_string, and refuses one on an existing file', async () => {
      const r = await run(editTool, { file_path: file('new/made.txt'), old_string: '', new_string: 'hello\n' });
      assert.equal(r.isError, false, r.content);
      assert.match(r.content, /^Created /);
      assert.equal(bytes('new/made.txt').toString(), 'hello\n');
      const twice = await run(editTool, { file_path: file('new/made.txt'), old_string: '', new_string: 'again\n' });
      assert.equal(twice.isError, true);
      assert.match(twice.content, /already exists/);
    });

    it('says the file does not exist for a non-empty old_string', async () => {
      put('present.ts', '');
      const r = await run(editTool, { file_path: file('presnt.ts'), old_string: 'a', new_string: 'b' });
      assert.equal(r.isError, true);
      assert.match(r.content, /does not exist.*Did you mean .*present\.ts/);
    });
  });

  describe('MultiEdit', () => {
    it('applies edits in sequence as one proposal', async () => {
      put('s.py', 'def f():\n    return 1\n');
      await run(readTool, { file_path: file('s.py') });
      let proposed: EditProposal | undefined;
      const spy: Proposals = {
        propose: (p, s) => {
          proposed = p;
          return new AutoApplyProposals().propose(p, s);
        },
      };
      const r = await run(
        multiEditTool,
        {
          file_path: file('s.py'),
          edits: [
            { old_string: 'return 1', new_string: 'return 2' },
            { old_string: 'return 2', new_string: 'return g()' },
            { old_string: 'def f', new_string: 'def h' },
          ],
        },
        { ...ctx, proposals: spy },
      );
      assert.equal(r.isError, false, r.content);
      assert.equal(bytes('s.py').toString(), 'def h():\n    return g()\n');
      assert.equal(proposed?.toolName, 'MultiEdit');
    });

    it('is all or nothing and names the edit that failed', async () => {
      const original = 'a\nb\nc\n';
      put('all.txt', original);
      await run(readTool, { file_path: file('all.txt') });
      const r = await run(multiEditTool, {
        file_path: file('all.txt'),
        edits: [
          { old_string: 'a', new_string: 'A' },
          { old_string: 'missing line', new_string: 'x' },
          { old_string: 'c', new_string: 'C' },
        ],
      });
      assert.equal(r.isError, true);
      assert.match(r.content, /^Edit 2 of 3 failed: old_string was not found/);
      assert.match(r.content, /None of the 3 edits was applied/);
      assert.equal(bytes('all.txt').toString(), original);
    });
  });

  describe('Write', () => {
    it('creates a new file, with its folders, without a prior Read', async () => {
      const r = await run(writeTool, { file_path: file('deep/er/new.md'), content: '# Title\n' });
      assert.equal(r.isError, false, r.content);
      assert.equal(r.content, `Created ${file('deep/er/new.md')}.`);
      assert.equal(bytes('deep/er/new.md').toString(), '# Title\n');
    });

    it('overwrites only after a Read, keeping line endings and BOM', async () => {
      put('o.txt', Buffer.from('\uFEFFold\r\ncontent\r\n', 'utf8'));
      const unread = await run(writeTool, { file_path: file('o.txt'), content: 'new\n' });
      assert.equal(unread.isError, true);
      assert.match(unread.content, /Read it first/);
      await run(readTool, { file_path: file('o.txt') });
      const r = await run(writeTool, { file_path: file('o.txt'), content: 'new\ncontent\n' });
      assert.equal(r.isError, false, r.content);
      assert.deepEqual(bytes('o.txt'), Buffer.from('\uFEFFnew\r\ncontent\r\n', 'utf8'));
      // The write is now the known state, so writing again needs no new Read.
      const again = await run(writeTool, { file_path: file('o.txt'), content: 'third\n' });
      assert.equal(again.isError, false, again.content);
      assert.deepEqual(bytes('o.txt'), Buffer.from('\uFEFFthird\r\n', 'utf8'));
    });

    it('refuses to overwrite a file changed since the Read', async () => {
      put('r.txt', 'v1\n');
      await run(readTool, { file_path: file('r.txt') });
      put('r.txt', 'v2 from the user\n');
      const r = await run(writeTool, { file_path: file('r.txt'), content: 'v3\n' });
      assert.equal(r.isError, true);
      assert.equal(bytes('r.txt').toString(), 'v2 from the user\n');
    });
  });

  describe('AutoApplyProposals', () => {
    it('returns stale, without writing, when the file changed between proposal and apply', async () => {
      put('p.txt', 'base\n');
      const proposal = buildProposal({ toolUseId: 't', toolName: 'Edit', absPath: file('p.txt'), oldContent: 'base\n', newContent: 'edited\n' });
      put('p.txt', 'someone else\n');
      const outcome = await new AutoApplyProposals().propose(proposal, new AbortController().signal);
      assert.equal(outcome.status, 'stale');
      assert.deepEqual(outcome.acceptedHunks, []);
      assert.equal(bytes('p.txt').toString(), 'someone else\n');

      put('p.txt', 'base\n');
      const applied = await new AutoApplyProposals().propose(proposal, new AbortController().signal);
      assert.equal(applied.status, 'applied');
      assert.deepEqual(applied.acceptedHunks, [0]);
      assert.equal(applied.finalContent, 'edited\n');
      assert.equal(bytes('p.txt').toString(), 'edited\n');
    });

    it('returns stale when a file to be created appeared meanwhile', async () => {
      const proposal = buildProposal({ toolUseId: 't', toolName: 'Write', absPath: file('n.txt'), oldContent: null, newContent: 'mine\n' });
      put('n.txt', 'theirs\n');
      const outcome = await new AutoApplyProposals().propose(proposal, new AbortController().signal);
      assert.equal(outcome.status, 'stale');
      assert.equal(bytes('n.txt').toString(), 'theirs\n');
    });

    it('reaches the model as a stale result through Edit', async () => {
      put('race.txt', 'one\n');
      // The user saves the file between the tool's check and the host applying the proposal.
      const racing: Proposals = {
        propose: (p: EditProposal, s: AbortSignal): Promise<ProposalOutcome> => {
          fs.writeFileSync(p.absPath, 'one\nuser line\n');
          return new AutoApplyProposals().propose(p, s);
        },
      };
      const c = makeCtx(dir, racing);
      await run(readTool, { file_path: file('race.txt') }, c);
      const r = await run(editTool, { file_path: file('race.txt'), old_string: 'one', new_string: 'ONE' }, c);
      assert.equal(r.isError, true);
      assert.match(r.content, /changed on disk after it was read/);
      assert.equal(bytes('race.txt').toString(), 'one\nuser line\n');
    });
  });

  describe('NodeWorkspace', () => {
    it('canonicalizes roots and paths, and lists entries with their types', async () => {
      fs.mkdirSync(file('real'));
      put('real/f.txt', 'x');
      fs.symlinkSync(file('real'), file('link'));
      const ws = new NodeWorkspace({ roots: [file('link')], ripgrepPath: '/opt/rg' });
      assert.deepEqual(ws.roots(), [file('real')]);
      assert.equal(ws.ripgrepPath(), '/opt/rg');
      assert.equal(await ws.realpath(file('link/f.txt')), file('real/f.txt'));
      assert.equal(await ws.realpath(file('link/not/yet.txt')), file('real/not/yet.txt'));
      const entries = (await ws.list(dir)).sort((a, b) => a.name.localeCompare(b.name));
      assert.deepEqual(entries, [
        { name: 'link', type: 'directory' },
        { name: 'real', type: 'directory' },
      ]);
      assert.equal(await ws.stat(file('missing')), undefined);
      assert.equal((await ws.stat(file('real/f.txt')))?.type, 'file');
      assert.throws(() => new NodeWorkspace({ roots: [file('absent')] }), /cannot be opened/);
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
