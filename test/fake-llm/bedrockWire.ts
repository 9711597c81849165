// Amazon Bedrock's InvokeModelWithResponseStream wire format for Claude: the Anthropic streaming
// events, each JSON-encoded, base64-encoded into {"bytes": …} and framed as an AWS event-stream
// message (binary prelude, headers and CRCs) with :event-type "chunk". Encoded with Smithy's own
// codec, the one the AWS SDK decodes with.
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { SseEvent } from './anthropicWire';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

const header = (value: string) => ({ type: 'string' as const, value });

export function bedrockFrames(events: SseEvent[]): Buffer[] {
  return events.map((e) => {
    const bytes = Buffer.from(JSON.stringify(e.data), 'utf8').toString('base64');
    const message = codec.encode({
      headers: { ':message-type': header('event'), ':event-type': header('chunk'), ':content-type': header('application/json') },
      body: fromUtf8(JSON.stringify({ bytes })),
    });
    return Buffer.from(message);
  });
}

/** Bedrock's error body and the header that names the exception (ThrottlingException for 429). */
export function bedrockError(status: number, message: string): { body: unknown; type: string } {
  const type = status === 429 ? 'ThrottlingException' : status === 403 ? 'AccessDeniedException' : status >= 500 ? 'InternalServerException' : 'ValidationException';
  return { body: { message }, type };
}
