import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The outcome of one POST: the status of an answer, or why there was none in time. */
export type PostResult =
  | { readonly kind: 'answered'; readonly status: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'network-error' };

/**
 * POSTs `body` as text on a fresh connection (no agent: nothing stays open after the answer).
 * An answer counts when its status line arrives within `timeoutMs`; the body is discarded.
 * Never rejects. `track` sees the request so a closing emulator can destroy it.
 */
export function postText(
  url: string,
  body: string,
  timeoutMs: number,
  track: (request: ClientRequest) => () => void,
): Promise<PostResult> {
  return new Promise((resolve) => {
    let settled = false;
    let untrack = (): void => {};
    const settle = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      untrack();
      resolve(result);
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'text/plain; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'wix-packages-emulator-webhooks',
        },
      },
      (res) => {
        res.resume();
        res.on('error', () => {});
        settle({ kind: 'answered', status: res.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(() => {
      settle({ kind: 'timeout' });
      req.destroy();
    }, timeoutMs);
    req.on('error', () => settle({ kind: 'network-error' }));
    untrack = track(req);
    req.end(body);
  });
}
