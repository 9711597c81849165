import { strict as assert } from 'node:assert';
import { isResourceMention, mcpMentionSource, resourceItems } from '../../src/extension/mcp/resourceMentions';
import { insertMention, parseMentions } from '../../src/protocol/input';
import { parseResourceMentions } from '../../src/core/mcp/mentions';

type View = Parameters<typeof resourceItems>[0][number];

const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ uri: `demo://resource/static/document/doc${i}.md`, name: `doc${i}.md` }));
const servers: View[] = [
  { name: 'everything', status: 'connected', resources: [{ uri: 'demo://resource/static/document/instructions.md', name: 'instructions.md', title: 'Instructions' }, ...docs(12)] },
  { name: 'db', status: 'connected', resources: [{ uri: 'postgres://main/users', name: 'users table' }] },
  { name: 'off', status: 'failed', resources: [{ uri: 'file:///secret', name: 'secret' }] },
];

describe('MCP resources in the @ picker', () => {
  it('lists the resources of connected servers with the server:uri token; a stopped server offers none', () => {
    const items = resourceItems(servers, 'everything:', 50);
    assert.equal(items.length, 13);
    assert.ok(items.every((i) => i.kind === 'mcp-resource' && i.token.startsWith('everything:demo://')));
    const instr = items.find((i) => i.label === 'Instructions');
    assert.deepEqual(instr, { kind: 'mcp-resource', label: 'Instructions', token: 'everything:demo://resource/static/document/instructions.md', detail: 'everything: demo://resource/static/document/instructions.md' });
    assert.deepEqual(resourceItems(servers, 'off:', 50), []);
    assert.equal(resourceItems(servers, 'db:', 50)[0].token, 'db:postgres://main/users');
  });

  it('without a colon matches names only and offers a few; with nothing typed, a few of all', () => {
    assert.deepEqual(
      resourceItems(servers, 'users', 50).map((i) => i.token),
      ['db:postgres://main/users'],
    );
    // "rsc/doc" is a subsequence of every demo://resource/static/document/... URI, but of no name.
    assert.deepEqual(resourceItems(servers, 'rsc/doc', 50), []);
    assert.equal(resourceItems(servers, 'doc', 50).length, 5);
    assert.equal(resourceItems(servers, '', 50).length, 8);
  });

  it('the picked token reads back as the core\'s @server:uri mention, and the path resolver leaves it alone', () => {
    const [item] = resourceItems(servers, 'everything:instructions', 50);
    const { text } = insertMention('summarize @everything:instr', 'summarize '.length, 'summarize @everything:instr'.length, item.token);
    assert.equal(text, 'summarize @everything:demo://resource/static/document/instructions.md ');
    assert.deepEqual(parseResourceMentions(text, ['everything', 'db']), [{ server: 'everything', uri: 'demo://resource/static/document/instructions.md' }]);
    const [path] = parseMentions(text);
    assert.equal(path.kind, 'path');
    const source = mcpMentionSource(() => servers);
    assert.equal(source.owns((path as { path: string }).path), true);
    assert.equal(source.owns('src/a.ts'), false);
    assert.equal(isResourceMention('nosuch:demo://x', ['everything']), false);
    assert.equal(isResourceMention(':x', ['']), false);
  });
});
