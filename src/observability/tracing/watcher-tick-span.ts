/**
 * One span per tick of the package watcher that looks at any account: `watcher tick`, INTERNAL,
 * the root of a trace of its own (no request asked for it), active while the tick runs so its
 * Query Packages attempts are its children and the changes it publishes link back to it. It
 * holds the number of accounts looked at and of changes published; each failed look is an
 * `exception` event with the `extensions.code` the same failure has in a GraphQL answer
 * (`UPSTREAM_UNAVAILABLE`, …), the first being `error.type`. Account ids are not recorded.
 */
import { context, ROOT_CONTEXT, trace, type Tracer } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import { toClientError } from '../../graphql/errors';
import type { WatcherTickSummary, WatcherTickTracer } from '../../live/package-watcher';
import { recordGraphQLErrors } from './graphql-error-events';

export const ATTR_WATCHER_ACCOUNTS = 'packages_gateway.watcher.accounts';
export const ATTR_WATCHER_CHANGES = 'packages_gateway.watcher.changes';

/** The code a client would see for `error` (the upstream error table); else the masked code. */
function clientCodeOf(error: unknown): string {
  const mapped = toClientError(error);
  const code = mapped instanceof GraphQLError ? mapped.extensions['code'] : undefined;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

export function createWatcherTickTracer(tracer: Tracer): WatcherTickTracer {
  return (accounts, run) => {
    const span = tracer.startSpan(
      'watcher tick',
      { root: true, attributes: { [ATTR_WATCHER_ACCOUNTS]: accounts } },
      ROOT_CONTEXT,
    );
    return context.with(trace.setSpan(ROOT_CONTEXT, span), async () => {
      try {
        const summary: WatcherTickSummary = await run();
        span.setAttribute(ATTR_WATCHER_CHANGES, summary.published);
        recordGraphQLErrors(
          span,
          summary.failures.map((failure) => ({ extensions: { code: clientCodeOf(failure) } })),
        );
        return summary;
      } finally {
        span.end();
      }
    });
  };
}
