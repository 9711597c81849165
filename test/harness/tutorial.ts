// The README's open-agent-SDK tutorial program, run against the fake model. Shared by the test that
// runs it from the sources and the one that runs it from the installed npm package.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeLlm } from '../fake-llm/server';
import type { ProcessRun } from './process';
import { readmeBlock } from './readme';

export const TUTORIAL_HEADING = "### The open-agent-SDK tutorials' style";
export const tutorialProgram = (): string => readmeBlock(TUTORIAL_HEADING, 'js');

const WEATHER = 'It is sunny and 22 degrees in Paris.';
const WEAR = 'Light clothes and sunglasses.';

/** Scripts the model: a tool call and an answer for the prompt; a refused Write, then an answer, for the query. */
export function scriptTutorial(llm: FakeLlm, ws: string): void {
  llm.push(
    { content: [{ type: 'tool_use', id: 'toolu_w1', name: 'get_weather', input: { city: 'Paris' } }] },
    { content: [{ type: 'text', text: WEATHER }] },
    { content: [{ type: 'tool_use', id: 'toolu_w2', name: 'Write', input: { file_path: join(ws, 'outfit.txt'), content: 'shorts\n' } }] },
    { content: [{ type: 'text', text: WEAR }] },
  );
}

type Block = { type: string; text?: string; tool_use_id?: string; content?: string; is_error?: boolean };
const blocks = (m: { content: string | Block[] }): Block[] => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content);

/** What the run must show: the answer printed by console.log, the streamed text, the tool, the switches, one conversation. */
export function checkTutorialRun(r: ProcessRun, llm: FakeLlm, ws: string): void {
  assert.equal(r.code, 0, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  assert.equal(r.stdout, `${WEATHER}\n${WEAR}`, 'console.log(result) prints the answer; the query streams the text and nothing else');
  assert.equal(llm.requests.length, 4);
  const first = llm.requests[0]!.body;
  assert.equal(first.model, 'claude-sonnet-4-6');
  const weatherTool = first.tools.find((t: { name: string }) => t.name === 'get_weather');
  assert.deepEqual(weatherTool.input_schema.required, ['city']);
  const toolResult = blocks(llm.requests[1]!.body.messages.at(-1)).find((b) => b.type === 'tool_result')!;
  assert.equal(toolResult.content, 'Sunny and 22 degrees in Paris.');
  // writeFile: { allowed: false } became a deny rule: the Write was refused and nothing was written.
  const refused = blocks(llm.requests[3]!.body.messages.at(-1)).find((b) => b.type === 'tool_result')!;
  assert.equal(refused.is_error, true);
  assert.match(String(refused.content), /denied by rule Edit/);
  assert.ok(!existsSync(join(ws, 'outfit.txt')));
  // The query continued the prompt's conversation.
  const texts = llm.requests[2]!.body.messages.flatMap((m: { content: string | Block[] }) => blocks(m).flatMap((b) => (b.text ? [b.text] : [])));
  assert.deepEqual(texts, ['What is the weather in Paris?', WEATHER, 'And what should I wear there?']);
}
