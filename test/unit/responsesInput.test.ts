// How a conversation becomes Responses input: stateless replay, call/output pairing, server tools.
import { strict as assert } from 'node:assert';
import { isReasoningModel, responsesParams, toResponsesInput } from '../../src/core/llm/openaiResponses';
import type { Message } from '../../src/core/llm/types';

describe('Responses input', () => {
  it('fills in a missing function_call_output after its run of calls and drops an orphan output', () => {
    const messages: Message[] = [
      { role: 'user', content: [{ type: 'text', text: 'go' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'c1', name: 'Read', input: {} }, { type: 'tool_use', id: 'c2', name: 'Grep', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'c1', content: 'ok' }, { type: 'tool_result', toolUseId: 'ghost', content: 'x' }] },
    ];
    const items = toResponsesInput(messages) as { type?: string; call_id?: string; output?: string }[];
    assert.deepEqual(items.map((i) => `${i.type ?? 'message'}:${i.call_id ?? ''}`), [
      'message:', 'function_call:c1', 'function_call:c2', 'function_call_output:c2', 'function_call_output:c1',
    ]);
    assert.match(items[3].output!, /did not run/);
  });

  it('replays reasoning with encrypted content and no id, and leaves out Anthropic thinking and unencrypted reasoning', () => {
    const items = toResponsesInput([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'claude', signature: 's' },
          { type: 'reasoning', summary: 'plain' },
          { type: 'reasoning', summary: 'kept', encryptedContent: 'gAAAAenc' },
          { type: 'text', text: 'answer' },
        ],
      },
    ]);
    assert.deepEqual(items.slice(1), [
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'kept' }], encrypted_content: 'gAAAAenc' },
      { role: 'assistant', content: 'answer' },
    ]);
  });

  it('passes server-side tools (web_search) through after the function tools', () => {
    const params = responsesParams(
      { model: 'gpt-5.5', system: 's', messages: [], tools: [{ name: 'Read', description: 'r', inputSchema: { type: 'object' } }], maxTokens: 10, serverTools: [{ type: 'web_search' }] },
      {},
    );
    assert.deepEqual(params.tools?.map((t) => t.type), ['function', 'web_search']);
    assert.equal(params.instructions, 's');
  });

  it('asks for reasoning only from reasoning models', () => {
    assert.ok(isReasoningModel('gpt-5.5') && isReasoningModel('o4-mini') && isReasoningModel('gpt-5.3-codex'));
    assert.ok(!isReasoningModel('gpt-4.1') && !isReasoningModel('gpt-4o'));
    const p = responsesParams({ model: 'gpt-4.1', system: '', messages: [], maxTokens: 10 }, { reasoning: { effort: 'high' } });
    assert.equal(p.reasoning, undefined);
    assert.equal(p.include, undefined);
  });
});
