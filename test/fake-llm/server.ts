// A local stand-in for the Anthropic and OpenAI APIs. The official SDKs are its clients; nothing in
// src/ knows it exists. Replies come from a JSON scenario; every request is recorded.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicError, anthropicEvents, anthropicMessage } from './anthropicWire';
import type { SseEvent } from './anthropicWire';
import { effortRefusal, openaiChunks, openaiCompletion, openaiError } from './openaiWire';
import { responsesEvents, responsesRequestProblem } from './responsesWire';
import { bedrockError, bedrockFrames } from './bedrockWire';
import type { Scenario, ScriptedReply } from './scenario';
import { countTokens, overflowError, systemText } from './contextLimit';

export type Api = 'anthropic' | 'openai' | 'responses' | 'bedrock' | 'vertex';

export interface RecordedRequest {
  api: Api;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON as the client sent it
  /** How the exchange ended: 'complete', 'fault', 'dropped', 'cut-off', or 'client-closed'. */
  outcome?: string;
  /** The request's size as the fake model counts it (contextLimit applies to this). */
  tokens?: number;
  /** The body's size in bytes as it arrived. */
  bytes?: number;
}

export interface FakeLlm {
  /** Base URL for the Anthropic SDK (it appends /v1/messages). */
  readonly anthropicBaseUrl: string;
  /** Base URL for the OpenAI SDK (it appends /chat/completions). */
  readonly openaiBaseUrl: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Replaces the queue of scripted replies. */
  load(scenario: Scenario): void;
  /** Appends replies to the queue. */
  push(...replies: ScriptedReply[]): void;
  /** Replies still queued. */
  pending(): number;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function lastUserText(body: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const list = body?.messages ?? body?.input; // Chat/Messages, or Responses input items
  const msgs: any[] = Array.isArray(list) ? list : []; // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i];
    if (m.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      const texts = m.content.filter((b: any) => b.type === 'text' || b.type === 'input_text').map((b: any) => b.text); // eslint-disable-line @typescript-eslint/no-explicit-any
      if (texts.length) return texts.join('\n');
    }
  }
  return '';
}

export async function startFakeLlm(scenario: Scenario = { replies: [] }, port = 0): Promise<FakeLlm> {
  let queue: ScriptedReply[] = [...scenario.replies];
  let whenEmpty = scenario.whenEmpty ?? 'error';
  let limits = scenario;
  const requests: RecordedRequest[] = [];
  let counter = 0;

  const takeReply = (api: Api, body: unknown): ScriptedReply | undefined => {
    const system = systemText(api, body);
    const i = queue.findIndex((r) => (!r.api || r.api === api) && (r.whenSystem === undefined || system.includes(r.whenSystem)) && (r.whenRequest === undefined || r.whenRequest(body)));
    if (i >= 0) return queue.splice(i, 1)[0];
    if (whenEmpty === 'echo') return { content: [{ type: 'text', text: `Echo: ${lastUserText(body)}` }] };
    return undefined;
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const sse = (events: SseEvent[]) => events.map((e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data)}\n\n`);
  const stream = async (res: ServerResponse, rec: RecordedRequest, frames: (string | Buffer)[], reply: ScriptedReply, done?: string, contentType = 'text/event-stream') => {
    const events = frames;
    res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache', connection: 'keep-alive', 'request-id': `req_${counter}` });
    let closed = false;
    res.on('close', () => (closed = true));
    for (let i = 0; i < events.length; i++) {
      if (closed) {
        rec.outcome = 'client-closed';
        return;
      }
      if (reply.dropAfterChunks !== undefined && i >= reply.dropAfterChunks) {
        rec.outcome = 'dropped';
        res.socket?.destroy();
        return;
      }
      if (reply.stallAfterChunks !== undefined && i >= reply.stallAfterChunks) {
        rec.outcome = 'stalled';
        if (!closed) await new Promise<void>((resolve) => res.on('close', () => resolve()));
        rec.outcome = 'stalled, then closed by the client';
        return;
      }
      if (reply.endAfterChunks !== undefined && i >= reply.endAfterChunks) {
        rec.outcome = 'cut-off';
        res.end();
        return;
      }
      // Wait until each chunk is handed to the socket, so a later drop cannot discard it.
      await new Promise<void>((resolve) => res.write(events[i], () => resolve()));
      if (reply.delayMs) await sleep(reply.delayMs);
    }
    if (done) res.write(`data: ${done}\n\n`);
    rec.outcome = 'complete';
    res.end();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    // Bedrock: /model/{id}/invoke-with-response-stream; Vertex: …/publishers/anthropic/models/{id}:streamRawPredict.
    const cloudModel = /\/model\/([^/]+)\/invoke-with-response-stream$/.exec(path) ?? /\/publishers\/anthropic\/models\/([^/:]+):streamRawPredict$/.exec(path);
    const api: Api | undefined = path.endsWith('/v1/messages') ? 'anthropic' : path.endsWith('/chat/completions') ? 'openai' : path.endsWith('/responses') ? 'responses'
      : path.includes('/invoke-with-response-stream') ? 'bedrock' : path.endsWith(':streamRawPredict') ? 'vertex' : undefined;
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { ok: true });
    if (req.method !== 'POST' || !api) return sendJson(res, 404, { error: { message: `fake-llm: no route for ${req.method} ${path}` } });
    const rawBytes = await readBody(req);
    let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      body = JSON.parse(rawBytes.toString('utf8'));
    } catch {
      return sendJson(res, 400, api === 'anthropic' ? anthropicError(400, 'body is not JSON') : openaiError(400, 'body is not JSON'));
    }
    const rec: RecordedRequest = { api, method: req.method, path, headers: req.headers, body, bytes: rawBytes.length };
    requests.push(rec);
    rec.tokens = countTokens(api, body);
    if (limits.contextLimit !== undefined && rec.tokens > limits.contextLimit) {
      rec.outcome = 'fault';
      const e = overflowError(api, limits.overflowStyle, rec.tokens, limits.contextLimit);
      return sendJson(res, e.status, e.body, api === 'anthropic' ? { 'x-should-retry': 'false' } : {});
    }
    const refused = effortRefusal(api, body, limits.reasoningEfforts);
    if (refused) {
      rec.outcome = 'fault';
      return sendJson(res, 400, refused);
    }
    const auto = limits.autoReplies?.find((a) => systemText(api, body).includes(a.systemIncludes));
    let reply = auto ? { ...auto.reply } : takeReply(api, body);
    if (reply?.content?.some((b) => b.type === 'tool_use' && b.inputFrom)) {
      reply = { ...reply, content: reply.content.map((b) => (b.type === 'tool_use' && b.inputFrom ? { ...b, input: b.inputFrom(body) } : b)) };
    }
    // With a context limit the model reports what it read, like a real one.
    if (reply && limits.contextLimit !== undefined && reply.usage?.input === undefined) reply = { ...reply, usage: { ...reply.usage, input: rec.tokens } };
    const id = `${api === 'openai' ? 'chatcmpl' : api === 'responses' ? 'resp' : 'msg'}_fake${++counter}`;
    const model = cloudModel ? decodeURIComponent(cloudModel[1]) : String(body.model ?? 'fake-model');
    if (!reply) {
      rec.outcome = 'fault';
      const msg = 'fake-llm: no scripted reply left for this request';
      return sendJson(res, 500, api === 'anthropic' ? anthropicError(500, msg) : openaiError(500, msg));
    }
    if (reply.fault) {
      rec.outcome = 'fault';
      const { status, retryAfter, message = `fake fault ${reply.fault.status}` } = reply.fault;
      const headers: Record<string, string> = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {};
      if (api === 'anthropic') headers['x-should-retry'] = 'false'; // our retry policy decides, not the SDK's
      if (api === 'bedrock') {
        const err = bedrockError(status, message);
        return sendJson(res, status, err.body, { ...headers, 'x-amzn-errortype': err.type });
      }
      return sendJson(res, status, api === 'anthropic' || api === 'vertex' ? anthropicError(status, message) : openaiError(status, message), headers);
    }
    if (api === 'bedrock') return stream(res, rec, bedrockFrames(anthropicEvents(reply, model, id)), reply, undefined, 'application/vnd.amazon.eventstream');
    if (api === 'vertex') return stream(res, rec, sse(anthropicEvents(reply, model, id)), reply);
    if (api === 'responses') {
      // The real API refuses replayed ids under store:false and unpaired calls; so does the fake.
      const problem = responsesRequestProblem(body);
      if (problem) {
        rec.outcome = 'fault';
        return sendJson(res, 400, openaiError(400, problem));
      }
      if (!body.stream) return sendJson(res, 400, openaiError(400, 'fake-llm: only streamed Responses requests are scripted'));
      return stream(res, rec, sse(responsesEvents(reply, model, id, body)), reply);
    }
    if (api === 'anthropic') {
      if (body.stream) return stream(res, rec, sse(anthropicEvents(reply, model, id)), reply);
      rec.outcome = 'complete';
      return sendJson(res, 200, anthropicMessage(reply, model, id));
    }
    if (body.stream) {
      const chunks = openaiChunks(reply, model, id, body.stream_options?.include_usage === true);
      return stream(res, rec, sse(chunks.map((data) => ({ data }))), reply, '[DONE]');
    }
    rec.outcome = 'complete';
    return sendJson(res, 200, openaiCompletion(reply, model, id));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake-llm crashed: ${String(err)}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${actualPort}`;
  return {
    anthropicBaseUrl: base,
    openaiBaseUrl: `${base}/v1`,
    port: actualPort,
    requests,
    load(s) {
      queue = [...s.replies];
      limits = s;
      whenEmpty = s.whenEmpty ?? 'error';
    },
    push(...replies) {
      queue.push(...replies);
    },
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
