import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WixFailureReason, WixInstanceStatus } from '../../wix/wire-types';
import { WIX_INSTANCE_STATUSES } from '../../wix/wire-types';
import type { EmulatorCore } from '../emulator-core';
import {
  applicationError,
  EMULATOR_ONLY_CODES,
  EmulatorApiError,
  systemError,
  validationFailed,
} from '../errors';
import { parseFaultRules } from '../faults/fault-rule';
import { CATALOG } from '../fixtures/catalog';
import { parseProvisioningSettings } from '../provisioning/provisioning-settings';
import { mergeWebhookSettings } from '../webhooks/webhook-settings';
import { WEBHOOK_ALGORITHM } from '../webhooks/webhook-signer';
import { isJsonObject } from '../validation/field-violations';
import { parseJsonBody, readBody } from './read-body';
import { sendJson } from './send';

/** Prefix of the emulator's own (non-Wix) routes. They need no auth and are not logged. */
export const ADMIN_PREFIX = '/_emulator';

interface AdminAnswer {
  readonly status?: number;
  readonly body: unknown;
}

type AdminRoute = (
  core: EmulatorCore,
  body: Record<string, unknown>,
  params: string[],
) => AdminAnswer;

/**
 * Admin hooks (JSON, no auth):
 * - `POST   /_emulator/reset` `{seed?: 'demo'|'empty'}` — drop everything and load a seed
 * - `POST   /_emulator/seed` `{accounts?, sites?, packages?}` — add data
 * - `POST   /_emulator/instances/{instanceId}/status` `{status, failure?}` — status engine
 * - `GET    /_emulator/requests` / `DELETE` — request log / clear it
 * - `GET|PUT|DELETE /_emulator/faults` — list / replace (`{rules}` or an array) / clear
 * - `DELETE /_emulator/idempotency-keys` — forget every idempotency key
 * - `GET    /_emulator/stats` — counters
 * - `GET    /_emulator/fixtures` — accounts, sites and the product catalog
 * - `GET    /_emulator/packages/{id}` — a package regardless of account
 * - `GET    /_emulator/events` / `DELETE` — the recent DomainEvents / clear them
 * - `GET|PUT /_emulator/webhooks` — delivery settings / change some (`{url, faults, …}`)
 * - `GET    /_emulator/webhooks/public-key` — `{algorithm, publicKey}` (SPKI PEM)
 * - `GET    /_emulator/webhooks/deliveries` / `DELETE` — delivery attempts / clear them
 * - `GET|PUT|DELETE /_emulator/provisioning` — simulation settings / set them / turn it off
 */
const ADMIN_ROUTES: Readonly<Record<string, AdminRoute>> = {
  'POST reset': (core, body) => {
    const seed = body.seed ?? 'empty';
    if (seed !== 'demo' && seed !== 'empty') {
      throw validationFailed([
        { field: 'seed', description: "must be 'demo' or 'empty'", violatedRule: 'FORMAT' },
      ]);
    }
    core.reset(seed);
    return { body: core.stats() };
  },
  'POST seed': (core, body) => {
    core.seed(body);
    return { body: core.stats() };
  },
  'POST instances/*/status': (core, body, [instanceId]) => {
    const status = body.status;
    if (!WIX_INSTANCE_STATUSES.includes(status as WixInstanceStatus)) {
      throw validationFailed([
        {
          field: 'status',
          description: `must be one of ${WIX_INSTANCE_STATUSES.join(', ')}`,
          violatedRule: 'FORMAT',
        },
      ]);
    }
    const failure = isJsonObject(body.failure) ? (body.failure as WixFailureReason) : undefined;
    const pkg = core.setInstanceStatus(instanceId as string, status as WixInstanceStatus, failure);
    return { body: { package: pkg } };
  },
  'GET requests': (core) => ({ body: { entries: core.requestLog.list() } }),
  'DELETE requests': (core) => {
    core.requestLog.clear();
    return { body: {} };
  },
  'GET faults': (core) => ({ body: { rules: core.faults.list() } }),
  'PUT faults': (core, body) => {
    const parsed = parseFaultRules(Array.isArray(body.rules) ? body.rules : body);
    if ('problems' in parsed) {
      throw validationFailed(
        parsed.problems.map((description) => ({
          field: 'rules',
          description,
          violatedRule: 'CUSTOM',
        })),
      );
    }
    core.setFaults(parsed.rules);
    return { body: { rules: core.faults.list() } };
  },
  'DELETE faults': (core) => {
    core.setFaults([]);
    return { body: { rules: [] } };
  },
  'DELETE idempotency-keys': (core) => {
    const forgotten = core.idempotency.size;
    core.idempotency.clear();
    return { body: { forgotten } };
  },
  'GET stats': (core) => ({ body: core.stats() }),
  'GET fixtures': (core) => ({
    body: {
      accounts: [...core.state.accounts.values()],
      sites: [...core.state.sites.values()],
      products: Object.entries(CATALOG).map(([key, product]) => ({ key, ...product })),
    },
  }),
  'GET events': (core) => ({ body: { events: core.events.list() } }),
  'DELETE events': (core) => {
    core.events.clear();
    return { body: {} };
  },
  'GET webhooks': (core) => ({ body: core.webhooks.settings }),
  'PUT webhooks': (core, body) => {
    const merged = mergeWebhookSettings(core.webhooks.settings, body);
    if ('problems' in merged) throw invalidSettings(merged.problems);
    core.webhooks.configure(merged.settings);
    return { body: core.webhooks.settings };
  },
  'GET webhooks/public-key': (core) => ({
    body: { algorithm: WEBHOOK_ALGORITHM, publicKey: core.signer.publicKeyPem() },
  }),
  'GET webhooks/deliveries': (core) => ({ body: { deliveries: core.deliveries.list() } }),
  'DELETE webhooks/deliveries': (core) => {
    core.deliveries.clear();
    return { body: {} };
  },
  'GET provisioning': (core) => ({ body: { settings: core.provisioner.settings ?? null } }),
  'PUT provisioning': (core, body) => {
    const parsed = parseProvisioningSettings(body);
    if ('problems' in parsed) throw invalidSettings(parsed.problems);
    core.provisioner.configure(parsed.settings);
    return { body: { settings: parsed.settings } };
  },
  'DELETE provisioning': (core) => {
    core.provisioner.configure(undefined);
    return { body: { settings: null } };
  },
  'GET packages/*': (core, _body, [packageId]) => {
    const pkg = core.state.packages.get(packageId as string);
    if (!pkg)
      throw applicationError(404, 'NOT_FOUND', `package ${packageId} not found`, { packageId });
    return { body: { package: pkg } };
  },
};

function invalidSettings(problems: readonly string[]): Error {
  return validationFailed(
    problems.map((description) => ({ field: 'body', description, violatedRule: 'CUSTOM' })),
  );
}

/** Handles a request under {@link ADMIN_PREFIX}. Never throws. */
export async function handleAdminRequest(
  core: EmulatorCore,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const read = await readBody(req, core.maxBodyBytes);
  try {
    if (read.kind === 'tooLarge') {
      throw applicationError(413, EMULATOR_ONLY_CODES.payloadTooLarge, 'request body too large');
    }
    const parsed = parseJsonBody(read.text);
    if (
      parsed.kind === 'malformed' ||
      (!isJsonObject(parsed.value) && !Array.isArray(parsed.value))
    ) {
      throw validationFailed([
        { field: 'body', description: 'must be a JSON object', violatedRule: 'FORMAT' },
      ]);
    }
    const body = Array.isArray(parsed.value) ? { rules: parsed.value } : parsed.value;
    const segments = pathname
      .slice(ADMIN_PREFIX.length + 1)
      .split('/')
      .map(decodeURIComponent);
    const { route, params, knownPath } = findAdminRoute(method, segments);
    if (!route) {
      throw knownPath
        ? applicationError(
            405,
            EMULATOR_ONLY_CODES.methodNotAllowed,
            `method ${method} not allowed on ${pathname}`,
          )
        : applicationError(404, EMULATOR_ONLY_CODES.routeNotFound, `no admin route ${pathname}`);
    }
    const answer = route(core, body, params);
    sendJson(res, answer.status ?? 200, answer.body);
  } catch (error) {
    if (error instanceof EmulatorApiError)
      return sendJson(res, error.status, error.body, error.headers);
    if (error instanceof URIError) {
      return sendJson(
        res,
        400,
        validationFailed([
          { field: 'path', description: 'invalid percent-encoding', violatedRule: 'FORMAT' },
        ]).body,
      );
    }
    sendJson(res, 500, systemError(500).body);
  }
}

function findAdminRoute(
  method: string,
  segments: string[],
): { route?: AdminRoute; params: string[]; knownPath: boolean } {
  let knownPath = false;
  for (const [key, route] of Object.entries(ADMIN_ROUTES)) {
    const [routeMethod, pattern] = key.split(' ') as [string, string];
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: string[] = [];
    const matches = parts.every((part, i) => {
      if (part === '*') {
        params.push(segments[i] as string);
        return segments[i] !== '';
      }
      return part === segments[i];
    });
    if (!matches) continue;
    if (routeMethod === method) return { route, params, knownPath: true };
    knownPath = true;
  }
  return { params: [], knownPath };
}
