/**
 * readBody over a real node:http server, both ways a body is read: whole, when Node already
 * has it (headers and body in one write), and chunk by chunk, when it arrives in pieces.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { BodyBudget } from '../../../src/http/body-budget';
import { BodyTooLargeError, readBody, ServerBusyError } from '../../../src/http/read-body';

type Outcome = { body: string } | { error: string };

/** A server answering each request once its body is read; `next` gives the reads' outcomes. */
async function startServer(
  limitBytes: number,
  budget?: BodyBudget,
): Promise<{ server: Server; port: number; next: () => Promise<Outcome> }> {
  const waiting: ((outcome: Outcome) => void)[] = [];
  const done: Outcome[] = [];
  const report = (outcome: Outcome): void => {
    const waiter = waiting.shift();
    if (waiter) waiter(outcome);
    else done.push(outcome);
  };
  const server = createServer((request: IncomingMessage, response) => {
    readBody(request, limitBytes, budget)
      .then(
        (body) => report({ body: body.toString('utf8') }),
        (error: Error) => report({ error: error.name }),
      )
      .finally(() => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const next = () =>
    new Promise<Outcome>((resolve) => {
      const outcome = done.shift();
      if (outcome) resolve(outcome);
      else waiting.push(resolve);
    });
  return { server, port, next };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.on('error', reject);
    socket.on('data', () => {});
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 30));

function head(length: number | 'chunked'): string {
  const framing = length === 'chunked' ? 'transfer-encoding: chunked' : `content-length: ${length}`;
  return `POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${framing}\r\n\r\n`;
}

describe('readBody', () => {
  let current: Awaited<ReturnType<typeof startServer>> | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((socket) => socket.destroy());
    await new Promise((resolve) => current?.server.close(resolve));
    current = undefined;
  });
  const start = async (limitBytes: number, budget?: BodyBudget) => {
    current = await startServer(limitBytes, budget);
    const socket = await open(current.port);
    sockets.push(socket);
    return { socket, next: current.next };
  };

  it('returns a body sent with its headers in one write', async () => {
    const { socket, next } = await start(1_000);
    const body = '{"query":"{ __typename }","variables":{"é":"ü"}}';
    socket.write(head(Buffer.byteLength(body)) + body);
    expect(await next()).toEqual({ body });
  });

  it('returns a body that arrives in several pieces, in order', async () => {
    const { socket, next } = await start(1_000);
    const body = '{"query":"{ __typename }"}';
    socket.write(head(body.length) + body.slice(0, 10));
    await pause();
    socket.write(body.slice(10, 20));
    await pause();
    socket.write(body.slice(20));
    expect(await next()).toEqual({ body });
  });

  it('returns an empty body', async () => {
    const { socket, next } = await start(1_000);
    socket.write(head(0));
    expect(await next()).toEqual({ body: '' });
  });

  it('refuses a body past the limit without a declared length, whole or in pieces', async () => {
    const { socket, next } = await start(10);
    const chunk = (text: string) => `${text.length.toString(16)}\r\n${text}\r\n`;
    socket.write(head('chunked') + chunk('0123456789abcdef') + '0\r\n\r\n');
    expect(await next()).toEqual({ error: BodyTooLargeError.name });
    socket.write(head('chunked') + chunk('0123456'));
    await pause();
    socket.write(chunk('789abcdef') + '0\r\n\r\n');
    expect(await next()).toEqual({ error: BodyTooLargeError.name });
  });

  it('refuses a body whose declared length is past the limit', async () => {
    const { socket, next } = await start(10);
    socket.write(head(16) + '0123456789abcdef');
    expect(await next()).toEqual({ error: BodyTooLargeError.name });
  });

  it('refuses a body in pieces once the shared budget cannot hold the next one', async () => {
    const budget = new BodyBudget(100);
    expect(budget.tryTake(90)).toBe(true);
    const { socket, next } = await start(1_000, budget);
    socket.write(head(20) + '01234');
    await pause();
    socket.write('56789abcdefghij');
    expect(await next()).toEqual({ error: ServerBusyError.name });
    budget.give(90);
    expect(budget.heldBytes).toBe(0);
  });

  it('refuses a body the shared budget cannot hold, and gives back what it took', async () => {
    const budget = new BodyBudget(100);
    expect(budget.tryTake(95)).toBe(true);
    const { socket, next } = await start(1_000, budget);
    const body = '{"query":"{ __typename }"}';
    socket.write(head(body.length) + body);
    expect(await next()).toEqual({ error: ServerBusyError.name });
    budget.give(95);
    socket.write(head(body.length) + body);
    expect(await next()).toEqual({ body });
    expect(budget.heldBytes).toBe(0);
  });
});
