import type { ContentBlock } from './types';

/**
 * Builds an assistant message's content blocks from streamed pieces, keyed by the stream's block
 * index. Tool input arrives as JSON text split across chunks and is parsed once, at the end; input
 * that is not valid JSON is kept as the raw string so the loop can report it to the model.
 */
export class BlockAssembler {
  private readonly blocks = new Map<number, ContentBlock>();
  private readonly toolJson = new Map<number, string>();

  start(index: number, block: ContentBlock): void {
    this.blocks.set(index, block);
  }

  startTool(index: number, id: string, name: string): void {
    this.blocks.set(index, { type: 'tool_use', id, name, input: {} });
    this.toolJson.set(index, '');
  }

  appendText(index: number, text: string): void {
    const b = this.blocks.get(index) ?? { type: 'text', text: '' };
    if (b.type === 'text') {
      b.text += text;
      this.blocks.set(index, b);
    }
  }

  appendThinking(index: number, text: string): void {
    const b = this.blocks.get(index) ?? { type: 'thinking', thinking: '' };
    if (b.type === 'thinking') {
      b.thinking += text;
      this.blocks.set(index, b);
    }
  }

  setSignature(index: number, signature: string): void {
    const b = this.blocks.get(index);
    if (b?.type === 'thinking') b.signature = (b.signature ?? '') + signature;
  }

  appendToolJson(index: number, json: string): void {
    this.toolJson.set(index, (this.toolJson.get(index) ?? '') + json);
  }

  hasTool(index: number): boolean {
    return this.toolJson.has(index);
  }

  finish(): ContentBlock[] {
    const out: ContentBlock[] = [];
    for (const index of [...this.blocks.keys()].sort((a, b) => a - b)) {
      const b = this.blocks.get(index)!;
      if (b.type === 'tool_use') {
        const raw = this.toolJson.get(index) ?? '';
        b.input = parseToolInput(raw);
      }
      out.push(b);
    }
    return out;
  }
}

export function parseToolInput(raw: string): unknown {
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
