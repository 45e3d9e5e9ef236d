import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TEST SUPPORT: an OpenAI-compatible chat-completions server on loopback, the only fake in the
 * PhysiX `llm-step` tests. It records every request it receives (path, Authorization header,
 * body) and answers from a script: a completion, an HTTP status, a redirect, or nothing until
 * released (to trip timeouts and hold a step in flight), noting held requests whose caller hung up.
 */
export type ScriptedReply =
  | { readonly kind: 'answer'; readonly content: string }
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'hold' };

export interface ReceivedRequest {
  readonly path: string;
  readonly authorization: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly body: any;
}

export interface LoopbackChatServer {
  /** Base URL ending in /v1. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Held requests whose connection the caller closed before they were answered. */
  readonly abandoned: ReceivedRequest[];
  /** Answers every held request with `reply`. */
  release(reply: ScriptedReply): void;
  close(): Promise<void>;
}

export async function startLoopbackChatServer(script: (request: ReceivedRequest) => ScriptedReply): Promise<LoopbackChatServer> {
  const received: ReceivedRequest[] = [];
  const abandoned: ReceivedRequest[] = [];
  let held: ServerResponse[] = [];
  const send = (res: ServerResponse, reply: ScriptedReply, request?: ReceivedRequest) => {
    if (reply.kind === 'hold') {
      held.push(res);
      res.once('close', () => {
        if (!res.writableFinished && request !== undefined) abandoned.push(request);
      });
    } else if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
    } else if (reply.kind === 'redirect') {
      res.writeHead(307, { location: reply.location }).end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-${received.length}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'loopback-model',
          choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 100, completion_tokens: reply.content.length, total_tokens: 100 + reply.content.length },
        }),
      );
    }
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedRequest = { path: req.url ?? '', authorization: req.headers.authorization, body: text === '' ? undefined : JSON.parse(text) };
      received.push(request);
      send(res, script(request), request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    abandoned,
    release(reply) {
      const waiting = held;
      held = [];
      for (const res of waiting) send(res, reply);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
