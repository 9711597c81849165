// Files that are not plain UTF-8: every byte outside the edited text must survive Read -> Edit /
// MultiEdit / Write -> apply, and no replacement character (U+FFFD, EF BF BD) may ever be written.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeFile, encodeText, unencodable } from '../../src/core/edits/encoding';
import { AutoApplyProposals } from '../../src/core/node/autoApplyProposals';
import { NodeWorkspace } from '../../src/core/node/workspace';
import { systemClock } from '../../src/core/ports';
import { editTool } from '../../src/core/tools/edit';
import { multiEditTool } from '../../src/core/tools/multiEdit';
import { readTool } from '../../src/core/tools/read';
import type { Tool, ToolContext, ToolResult } from '../../src/core/tools/types';
import { writeTool } from '../../src/core/tools/write';

const REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);
const latin1 = (s: string) => Buffer.from(s, 'latin1');
/** The strings below start with U+FEFF, which these encode as the BOM. */
const utf16le = (s: string) => Buffer.from(s, 'utf16le');
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('file encodings', () => {
  describe('decodeFile / encodeText', () => {
    it('round-trips all 256 byte values of a non-UTF-8 file exactly, as Windows-1252', () => {
      const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const d = decodeFile(all);
      assert.equal(d.encoding, 'windows1252');
      assert.ok(!d.text.includes('\uFFFD'));
      assert.deepEqual(Buffer.from(encodeText(d.text, d.encoding)), all);
      assert.equal(decodeFile(latin1('\x80 \x93q\x94')).text, '€ “q”', 'Windows-1252 characters, not C1 controls');
    });

    it('detects UTF-8 with and without BOM, and UTF-16 LE/BE by their BOM', () => {
      assert.deepEqual(decodeFile(Buffer.from('héllo')), { text: 'héllo', encoding: 'utf8' });
      assert.deepEqual(decodeFile(Buffer.from('\uFEFFhi', 'utf8')), { text: '\uFEFFhi', encoding: 'utf8' });
      for (const [bytes, encoding] of [[utf16le('\uFEFFhé\r\n'), 'utf16le'], [utf16be('\uFEFFhé\r\n'), 'utf16be']] as const) {
        const d = decodeFile(bytes);
        assert.deepEqual(d, { text: '\uFEFFhé\r\n', encoding });
        assert.deepEqual(Buffer.from(encodeText(d.text, d.encoding)), bytes);
      }
    });

    it('names the first character an encoding cannot hold, and refuses to encode it', () => {
      assert.equal(unencodable('caf\u00e9 \u20ac', 'windows1252'), undefined);
      assert.equal(unencodable('arrow \u2192', 'windows1252'), '\u2192');
      assert.equal(unencodable('lone \uD800 x', 'utf8'), '\uD800');
      assert.throws(() => encodeText('\u2192', 'windows1252'), /Windows-1252.*U\+2192/);
    });
  });

  describe('Read, Edit, MultiEdit and Write keep the bytes (CLI proposals)', () => {
    let dir: string;
    let ctx: ToolContext;
    let n = 0;
    beforeEach(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-enc-')));
      ctx = {
        cwd: dir,
        workspace: new NodeWorkspace({ roots: [dir] }),
        proposals: new AutoApplyProposals(),
        shell: { run: () => Promise.reject(new Error('no shell')), dispose: () => undefined },
        session: { readFiles: new Map(), todos: [], scratchDir: path.join(dir, '.scratch') },
        clock: systemClock,
        signal: new AbortController().signal,
        toolUseId: 't0',
      };
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const run = <I>(tool: Tool<I>, input: unknown): Promise<ToolResult> => tool.execute(tool.input.parse(input), { ...ctx, toolUseId: `t${++n}` });
    const f = (name: string) => path.join(dir, name);

    it('Edit on a Latin-1 file with CRLF changes only the edited bytes', async () => {
      const before = latin1('// Caf\xe9 cr\xe8me\r\nconst name = "Jos\xe9";\r\n// \xa9 2024 \x93quoted\x94\r\n');
      fs.writeFileSync(f('a.c'), before);
      const read = await run(readTool, { file_path: f('a.c') });
      assert.match(read.content, /Café crème/);
      assert.match(read.content, /Windows-1252/);
      const r = await run(editTool, { file_path: f('a.c'), old_string: 'const name = "José";', new_string: 'const name = "Zoë";' });
      assert.ok(!r.isError, r.content);
      const after = fs.readFileSync(f('a.c'));
      assert.deepEqual(after, latin1('// Caf\xe9 cr\xe8me\r\nconst name = "Zo\xeb";\r\n// \xa9 2024 \x93quoted\x94\r\n'));
      assert.equal(after.indexOf(REPLACEMENT_UTF8), -1);
    });

    it('refuses an edit whose new text the file\'s encoding cannot hold; the file is unchanged', async () => {
      const before = latin1('na\xefve\n');
      fs.writeFileSync(f('b.txt'), before);
      await run(readTool, { file_path: f('b.txt') });
      const r = await run(editTool, { file_path: f('b.txt'), old_string: 'naïve', new_string: 'naïve → 🚀' });
      assert.equal(r.isError, true);
      assert.match(r.content, /Windows-1252.*no character for "→"/);
      assert.deepEqual(fs.readFileSync(f('b.txt')), before);
    });

    it('MultiEdit and Write keep a Latin-1 file Latin-1', async () => {
      fs.writeFileSync(f('c.txt'), latin1('\xc0 la carte\nd\xe9j\xe0 vu\n'));
      await run(readTool, { file_path: f('c.txt') });
      const m = await run(multiEditTool, { file_path: f('c.txt'), edits: [{ old_string: 'carte', new_string: 'Carte' }, { old_string: 'vu', new_string: 'vécu' }] });
      assert.ok(!m.isError, m.content);
      assert.deepEqual(fs.readFileSync(f('c.txt')), latin1('\xc0 la Carte\nd\xe9j\xe0 v\xe9cu\n'));
      const w = await run(writeTool, { file_path: f('c.txt'), content: 'Ça va\n' });
      assert.ok(!w.isError, w.content);
      assert.deepEqual(fs.readFileSync(f('c.txt')), latin1('\xc7a va\n'));
    });

    it('UTF-16 LE and BE files with a BOM are read as text and edited in their encoding, CRLF kept', async () => {
      for (const [name, enc] of [['le.txt', utf16le], ['be.txt', utf16be]] as const) {
        fs.writeFileSync(f(name), enc('\uFEFFfirst line\r\nsecond ünïcode\r\n'));
        const read = await run(readTool, { file_path: f(name) });
        assert.ok(!read.isError, read.content);
        assert.match(read.content, /2\tsecond ünïcode/);
        const r = await run(editTool, { file_path: f(name), old_string: 'second ünïcode', new_string: 'second → done\nthird' });
        assert.ok(!r.isError, r.content);
        assert.deepEqual(fs.readFileSync(f(name)), enc('\uFEFFfirst line\r\nsecond → done\r\nthird\r\n'));
      }
    });

    it('a UTF-8 file with a BOM and CRLF keeps both', async () => {
      fs.writeFileSync(f('d.txt'), Buffer.from('\uFEFFone\r\ntwo\r\n', 'utf8'));
      await run(readTool, { file_path: f('d.txt') });
      const r = await run(editTool, { file_path: f('d.txt'), old_string: 'two', new_string: 'deux\ntrois' });
      assert.ok(!r.isError, r.content);
      assert.deepEqual(fs.readFileSync(f('d.txt')), Buffer.from('\uFEFFone\r\ndeux\r\ntrois\r\n', 'utf8'));
    });
  });
});
