/**
 * A minimal OTLP/HTTP receiver on loopback for tests: accepts `POST /v1/traces` (any body),
 * answers 200 with an empty ExportTraceServiceResponse, and keeps every request. JSON bodies
 * are decoded; protobuf bodies are kept raw.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedExport {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** One span of an OTLP/JSON export (only what tests read). */
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 5 consumer. */
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
}

interface OtlpJsonExport {
  resourceSpans: {
    resource?: { attributes?: { key: string; value: Record<string, unknown> }[] };
    scopeSpans: { spans: OtlpJsonSpan[] }[];
  }[];
}

export interface OtlpReceiver {
  readonly url: string;
  readonly exports: ReceivedExport[];
  /** Every span of every JSON export received so far, with its resource's attributes. */
  jsonSpans(): { span: OtlpJsonSpan; resource: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** An OTLP attribute's value (`{stringValue}`, `{intValue}`, …) as a plain value. */
export function attributeValue(value: Record<string, unknown>): unknown {
  const [first] = Object.values(value);
  return first;
}

export function attributesOf(span: OtlpJsonSpan): Record<string, unknown> {
  return Object.fromEntries(
    (span.attributes ?? []).map(({ key, value }) => [key, attributeValue(value)]),
  );
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      exports.push({
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      const json = request.headers['content-type']?.includes('json');
      response.writeHead(200, {
        'content-type': json ? 'application/json' : 'application/x-protobuf',
      });
      response.end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    jsonSpans() {
      return exports
        .filter((received) => received.headers['content-type']?.includes('json'))
        .flatMap(
          (received) =>
            (JSON.parse(received.body.toString('utf8')) as OtlpJsonExport).resourceSpans,
        )
        .flatMap((resourceSpans) => {
          const resource = Object.fromEntries(
            (resourceSpans.resource?.attributes ?? []).map(({ key, value }) => [
              key,
              attributeValue(value),
            ]),
          );
          return resourceSpans.scopeSpans.flatMap((scope) =>
            scope.spans.map((span) => ({ span, resource })),
          );
        });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
