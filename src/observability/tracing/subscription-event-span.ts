/**
 * The span of one subscription event's execution: `{operation span name} event` (e.g.
 * `subscription Changes event`), CONSUMER (it processes a message of the change bus). Each event
 * is a request of its own, so its span is the root of a trace of its own, with its loader
 * batches and upstream attempts as children; it links to
 * - the subscription's operation span (`packages_gateway.link.kind` = `subscription`), and
 * - the span that published the change, when one did (`change_producer`): the own write's
 *   operation, the webhook request or the watcher's tick.
 * Not a child of either: a subscription lives for hours and a change fans out to every
 * subscriber (on every replica, a slow one minutes later), which would make the subscribe's or
 * the writer's trace grow without end; links are how the conventions tie such work together.
 * It holds the operation's attributes, the change's `source` and `kind` (never its ids), and
 * the errors of the event's result by code.
 */
import {
  context,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  type Attributes,
  type Link,
  type SpanContext,
  type Tracer,
} from '@opentelemetry/api';
import type { CodedError } from './graphql-error-events';
import { recordGraphQLErrors } from './graphql-error-events';
import { spanWork } from './span-work';

export const ATTR_CHANGE_SOURCE = 'packages_gateway.change.source';
export const ATTR_CHANGE_KIND = 'packages_gateway.change.kind';
/** On a link: what the linked span is (`subscription`, `change_producer`). */
export const ATTR_LINK_KIND = 'packages_gateway.link.kind';

/** Runs the execution of one event (`payload`: the source stream's value) in its span. */
export type SubscriptionEventTracer = <T extends { readonly errors?: readonly CodedError[] }>(
  payload: unknown,
  run: () => Promise<T>,
) => Promise<T>;

/** The fields read of a payload: a PackageChangeEvent's (live/package-change.ts). */
interface ChangePayload {
  readonly source?: unknown;
  readonly kind?: unknown;
  readonly producerSpan?: { traceId?: unknown; spanId?: unknown; traceFlags?: unknown };
}

function producerLink(payload: ChangePayload): Link | undefined {
  const producer = payload.producerSpan;
  if (
    typeof producer?.traceId !== 'string' ||
    typeof producer.spanId !== 'string' ||
    typeof producer.traceFlags !== 'number'
  ) {
    return undefined;
  }
  const linked: SpanContext = {
    traceId: producer.traceId,
    spanId: producer.spanId,
    traceFlags: producer.traceFlags,
    isRemote: true,
  };
  if (!isSpanContextValid(linked)) return undefined;
  return { context: linked, attributes: { [ATTR_LINK_KIND]: 'change_producer' } };
}

function changeAttributes(payload: ChangePayload): Attributes {
  return {
    ...(typeof payload.source === 'string' && { [ATTR_CHANGE_SOURCE]: payload.source }),
    ...(typeof payload.kind === 'string' && { [ATTR_CHANGE_KIND]: payload.kind }),
  };
}

/**
 * The tracer of one subscription's events: spans named `name` with `attributes` (the
 * operation's), linked to `subscription` (its operation span).
 */
export function createSubscriptionEventTracer(
  tracer: Tracer,
  name: string,
  attributes: Attributes,
  subscription: SpanContext,
): SubscriptionEventTracer {
  const subscriptionLink: Link = {
    context: subscription,
    attributes: { [ATTR_LINK_KIND]: 'subscription' },
  };
  return (payload, run) => {
    const change: ChangePayload =
      typeof payload === 'object' && payload !== null ? (payload as ChangePayload) : {};
    const producer = producerLink(change);
    const span = tracer.startSpan(
      `${name} event`,
      {
        kind: SpanKind.CONSUMER,
        root: true,
        attributes: { ...attributes, ...changeAttributes(change) },
        links: producer === undefined ? [subscriptionLink] : [subscriptionLink, producer],
      },
      ROOT_CONTEXT,
    );
    return context.with(trace.setSpan(ROOT_CONTEXT, span), () =>
      spanWork(span, run, (result) => recordGraphQLErrors(span, result.errors ?? [])),
    );
  };
}
