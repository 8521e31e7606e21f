/**
 * Tells a person's browser opening the GraphQL URL apart from a GraphQL client. Apollo Server,
 * GraphQL Yoga and Hive Gateway show their IDE there; without this the browser meets CSRF
 * prevention's 400. A navigation is a GET or HEAD that prefers HTML to every GraphQL response
 * type and carries no `query` parameter; anything else (a GET operation, a client's JSON GET,
 * every POST) goes on to GraphQL and its CSRF prevention unchanged.
 */
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';

const OFFERED = ['application/graphql-response+json', 'application/json', 'text/html'];

/** True for a browser navigation to the GraphQL endpoint (see the module comment). */
export function isBrowserNavigation(request: IncomingMessage): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = request.headers.accept;
  if (accept === undefined || !accept.includes('text/html')) return false;
  const url = request.url ?? '';
  const queryStart = url.indexOf('?');
  if (queryStart >= 0 && new URLSearchParams(url.slice(queryStart + 1)).has('query')) return false;
  return new Negotiator(request).mediaType(OFFERED) === 'text/html';
}
