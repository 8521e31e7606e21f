/**
 * A real local HTTP receiver for webhooks: records every POST body and answers as told
 * (a status per call, or no answer at all). Listens on a free loopback port. Not a test file.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedWebhook {
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
  /** The answer given (undefined when the call was left hanging). */
  readonly answeredWith?: number;
}

/** How to answer the n-th call (0-based): a status, or 'hang' to never answer. */
export type WebhookAnswer = (callIndex: number, body: string) => number | 'hang';

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private answer: WebhookAnswer = () => 200;
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(path = '/webhooks/wix'): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((req, res) => receiver?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    server.on('connection', (socket) => {
      receiver?.sockets.add(socket);
      socket.on('close', () => receiver?.sockets.delete(socket));
    });
    return receiver;
  }

  /** Sets how later calls are answered. */
  answerWith(answer: WebhookAnswer): void {
    this.answer = answer;
  }

  /** Polls until `count` calls were received (no sleeps as synchronisation: a deadline). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`expected ${count} webhooks, got ${this.received.length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.received.slice(0, count);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const decision = this.answer(this.received.length, body);
      if (decision === 'hang') {
        this.received.push({ body, headers: req.headers });
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      this.received.push({ body, headers: req.headers, answeredWith: decision });
      res.writeHead(decision, { 'content-length': 0 });
      res.end();
    });
  }
}
