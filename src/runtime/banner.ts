/**
 * The start-up banner on stdout: what a person starting the gateway asks first (where it is,
 * who requests act as, which browser origins may call). Lists only what is served.
 */
import type { Config } from '../config/config';
import { describeAccount } from '../development/demo-identities';

/** Who requests act as: the first question of someone trying the gateway. */
function identityLines(config: Config): string {
  if (config.auth.kind !== 'development') {
    return '  Auth:       a bearer JWT on every request (Authorization: Bearer <token>)\n';
  }
  return (
    `  Acting as:  ${describeAccount(config.defaultAccountId)}, for requests without a token\n` +
    '              (development mode: switch demo accounts in the playground, or send a token\n' +
    '              from mint-dev-token --development)\n'
  );
}

/** Which browser origins may call: the second question, from a frontend on its own port. */
function corsLine(config: Config): string {
  const listed = config.corsOrigins.length > 0 ? config.corsOrigins.join(', ') : undefined;
  if (config.corsAllowLoopback) {
    return `  CORS:       loopback origins (localhost, 127.0.0.1, any port; development)${listed ? ` and ${listed}` : ''}\n`;
  }
  return `  CORS:       ${listed ?? 'no browser origin (set CORS_ORIGINS)'}\n`;
}

/** With several workers: how many, and what they do not share without Redis. */
function workersLine(config: Config): string {
  if (config.workers === 1) return '';
  const shared =
    config.redis.url === undefined
      ? 'no REDIS_URL: persisted queries, caches and an even budget share are per worker'
      : 'state shared in Redis';
  return `  Workers:    ${config.workers} processes (node:cluster; ${shared})\n`;
}

/** The playground's URL when it is served. */
export function playgroundUrl(config: Config, origin: string): string | undefined {
  return config.graphql.playground ? `${origin}/playground` : undefined;
}

/** Where operators find readiness details and metrics, when there is an operations listener. */
function operationsLine(config: Config, opsOrigin: string | undefined): string {
  if (opsOrigin === undefined) return '';
  const metrics = config.metricsEnabled ? ` ${opsOrigin}/metrics` : '';
  return `  Operations: ${opsOrigin}/readyz${metrics}\n`;
}

/**
 * The banner for a gateway listening on `origin` (with `workers` processes behind it), and on
 * `opsOrigin` for the operational endpoints when `OPS_PORT` gives them a listener of their own.
 */
export function startupBanner(
  config: Config,
  origin: string,
  upstreamUrl: string,
  opsOrigin?: string,
): string {
  const playground = playgroundUrl(config, origin);
  return (
    `\npackages-gateway is up\n  GraphQL:    ${origin}/graphql\n` +
    (playground === undefined ? '' : `  Playground: ${playground}\n`) +
    operationsLine(config, opsOrigin) +
    (config.upstream.kind === 'embedded-emulator'
      ? `  Emulator:   ${upstreamUrl} (embedded, ${config.upstream.seed} data)\n`
      : '') +
    workersLine(config) +
    identityLines(config) +
    corsLine(config) +
    '\n'
  );
}
