/**
 * Test harness: starts the real emulator in-process on an ephemeral loopback port and calls
 * it over HTTP with global fetch. Not a test file itself.
 */
import type { WixPackage, WixProductInput } from '../../../src/wix/wire-types';
import {
  DEMO_ACCOUNTS,
  DEMO_SITES,
  PRODUCTS,
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../../src/emulator';

export { DEMO_ACCOUNTS, DEMO_SITES, PRODUCTS };

export const API_KEY = 'test-api-key-SECRET-123';

/** A response as the tests see it. */
export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: any;
}

export interface CallOptions {
  readonly account?: string | null;
  readonly body?: unknown;
  /** Raw body text (overrides `body`). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly apiKey?: string | null;
}

/** A started emulator plus convenience calls. */
export class EmulatorHarness {
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorHarness> {
    return new EmulatorHarness(await startEmulator(options));
  }

  get control(): RunningEmulator['control'] {
    return this.emulator.control;
  }

  close(): Promise<void> {
    return this.emulator.close();
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const apiKey = options.apiKey === undefined ? API_KEY : options.apiKey;
    if (apiKey !== null) headers.authorization = apiKey;
    const account = options.account === undefined ? DEMO_ACCOUNTS.customerA : options.account;
    if (account !== null) headers['wix-account-id'] = account;
    Object.assign(headers, options.headers);
    const body =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${this.emulator.url}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
  }

  /** Create V2 with defaults filled in; returns the raw result. */
  create(
    products: Array<Partial<WixProductInput>>,
    extra: Record<string, unknown> = {},
    account: string = DEMO_ACCOUNTS.customerA,
  ): Promise<CallResult> {
    return this.call('POST', '/resellers/v2/packages', {
      account,
      body: {
        ...extra,
        products: products.map((product) => ({ countryCode: 'BR', ...product })),
      },
    });
  }

  /** Create V2 and expect success. */
  async createOk(
    products: Array<Partial<WixProductInput>>,
    extra: Record<string, unknown> = {},
    account: string = DEMO_ACCOUNTS.customerA,
  ): Promise<WixPackage> {
    const result = await this.create(products, extra, account);
    if (result.status !== 200) {
      throw new Error(`create failed: ${result.status} ${JSON.stringify(result.body)}`);
    }
    return result.body.package as WixPackage;
  }
}

/** A yearly recurring billing info. */
export const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } } as const;
export const MONTHLY = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } } as const;

/** The application error code of an error response. */
export function codeOf(result: CallResult): string | undefined {
  return result.body?.details?.applicationError?.code;
}

/** The field paths of a validation error response. */
export function violatedFields(result: CallResult): string[] {
  return (result.body?.details?.validationError?.fieldViolations ?? []).map(
    (violation: { field: string }) => violation.field,
  );
}
