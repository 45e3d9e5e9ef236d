import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test support: a loopback server speaking the OpenAI chat-completions protocol
 * (POST /v1/chat/completions → a `chat.completion` object with usage), whose replies a test
 * scripts per request: an answer, an HTTP error, or no reply at all (to trip client timeouts).
 * It can also stall: after a number of answers, every further request waits until released.
 */
export type ChatReply =
  | { readonly kind: 'answer'; readonly content: string }
  | { readonly kind: 'error'; readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'hang' };

export interface ChatRequest {
  readonly model: string;
  readonly prompt: string;
  /** 1 for the first request with this prompt since the last reset, 2 for the next, … */
  readonly attempt: number;
  readonly authorization: string | undefined;
}

export interface FakeChatServer {
  /** Base URL for the OpenAI client, ending in /v1. */
  readonly url: string;
  /** Answers sent since the last reset. */
  answers(): number;
  /** Forgets attempts and answers; ends any stall, dropping the requests it held. */
  reset(): void;
  /** After `count` answers in total, hold every request until `release`. */
  stallAfter(count: number): void;
  release(): void;
  close(): Promise<void>;
}

export async function startFakeChatServer(
  reply: (request: ChatRequest) => ChatReply,
  options: { delayMs?: number } = {},
): Promise<FakeChatServer> {
  const attempts = new Map<string, number>();
  let answered = 0;
  let stallAt = Infinity;
  let waiting: (() => void)[] = [];
  let resets = 0;
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { role: string; content: string }[] };
    const prompt = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const generation = resets;
    while (answered >= stallAt) await new Promise<void>((resolve) => waiting.push(resolve));
    // Requests held across a reset belong to a client that is gone (a killed run): drop them.
    if (generation !== resets) return;
    const attempt = (attempts.get(prompt) ?? 0) + 1;
    attempts.set(prompt, attempt);
    const outcome = reply({ model: body.model, prompt, attempt, authorization: req.headers.authorization });
    if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (outcome.kind === 'hang' || generation !== resets) return;
    if (outcome.kind === 'error') {
      res.writeHead(outcome.status, { 'content-type': 'application/json', ...outcome.headers }).end(JSON.stringify({ error: { message: `scripted ${outcome.status}`, type: 'test' } }));
      return;
    }
    answered++;
    const completionTokens = outcome.content.length;
    const promptTokens = Math.ceil(prompt.length / 4);
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${answered}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: outcome.content }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      }),
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const release = () => {
    stallAt = Infinity;
    const resume = waiting;
    waiting = [];
    for (const go of resume) go();
  };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    answers: () => answered,
    reset() {
      resets++;
      attempts.clear();
      answered = 0;
      release();
    },
    stallAfter(count) {
      stallAt = count;
    },
    release,
    close() {
      release();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
