import { toAdjustRequest } from '../../../../src/graphql/mutations/adjust-product-instance.validation';
import type { AdjustProductInstanceInput } from '../../../../src/graphql/mutations/adjust-product-instance.input';
import { normalizeCountryCode } from '../../../../src/graphql/mutations/country-code';
import type { CreatePackageInput } from '../../../../src/graphql/mutations/create-package.input';
import { toCreatePackageRequest } from '../../../../src/graphql/mutations/create-package.validation';
import { GatewayError } from '../../../../src/graphql/errors';
import { CycleType } from '../../../../src/graphql/product-instance/cycle-type.enum';
import { IntervalUnit } from '../../../../src/graphql/product-instance/interval-unit.enum';

const GUID = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
const yearly = { type: CycleType.RECURRING, cycleDuration: { unit: IntervalUnit.YEAR, count: 1 } };

function violationsOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    const gatewayError = error as GatewayError;
    expect(gatewayError.extensions.code).toBe('BAD_USER_INPUT');
    return [...(gatewayError.extensions.violations ?? [])];
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('normalizeCountryCode', () => {
  it.each([
    ['BR', 'BR'],
    ['br', 'BR'],
    ['De', 'DE'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeCountryCode(input)).toBe(expected);
  });

  it.each(['XX', 'ZZ', 'BRA', '076', 'B', '', 'b1', ' BR'])('refuses %j', (input) => {
    expect(normalizeCountryCode(input)).toBeUndefined();
  });
});

describe('toCreatePackageRequest', () => {
  const valid = (overrides: Partial<CreatePackageInput> = {}): CreatePackageInput => ({
    products: [{ catalogProductId: GUID, countryCode: 'br', siteId: GUID, billingInfo: yearly }],
    ...overrides,
  });

  it('builds the wire body: GUIDs lower-cased, country upper-cased, nulls dropped, no key', () => {
    expect(
      toCreatePackageRequest(
        valid({
          externalId: 'sub-1',
          idempotencyKey: 'k',
          products: [
            {
              catalogProductId: GUID,
              countryCode: 'br',
              siteId: null,
              billingInfo: { type: CycleType.ONE_TIME, cycleDuration: null },
              discountCode: 'SPRING',
              referenceProductInstanceId: GUID,
            },
          ],
        }),
      ),
    ).toEqual({
      externalId: 'sub-1',
      products: [
        {
          catalogProductId: GUID.toLowerCase(),
          countryCode: 'BR',
          billingInfo: { type: 'ONE_TIME' },
          discountCode: 'SPRING',
          referenceProductInstanceId: GUID.toLowerCase(),
        },
      ],
    });
  });

  it('keeps count out when not given (Wix assumes 1)', () => {
    const request = toCreatePackageRequest(
      valid({
        products: [
          {
            catalogProductId: GUID,
            countryCode: 'US',
            billingInfo: { type: CycleType.RECURRING, cycleDuration: { unit: IntervalUnit.MONTH } },
          },
        ],
      }),
    );
    expect(request.products[0]!.billingInfo).toEqual({
      type: 'RECURRING',
      cycleDuration: { unit: 'MONTH' },
    });
  });

  it('reports every problem at once', () => {
    const violations = violationsOf(() =>
      toCreatePackageRequest({
        externalId: '',
        idempotencyKey: 'a\nb',
        products: [
          {
            catalogProductId: 'x',
            countryCode: 'ZZ',
            siteId: 'y',
            referenceProductInstanceId: 'z',
            discountCode: 'd'.repeat(26),
            billingInfo: { type: CycleType.RECURRING, cycleDuration: null },
          },
        ],
      }),
    );
    expect(violations.map((v) => v.path)).toEqual([
      'input.products[0].countryCode',
      'input.products[0].catalogProductId',
      'input.products[0].siteId',
      'input.products[0].billingInfo.cycleDuration',
      'input.products[0].discountCode',
      'input.products[0].referenceProductInstanceId',
      'input.externalId',
      'input.idempotencyKey',
    ]);
  });

  it('limits: externalId 100, discountCode 25, key 128, products 1..1000', () => {
    const product = { catalogProductId: GUID, countryCode: 'BR' };
    expect(() =>
      toCreatePackageRequest({
        externalId: 'e'.repeat(100),
        idempotencyKey: 'k'.repeat(128),
        products: [{ ...product, discountCode: 'd'.repeat(25) }],
      }),
    ).not.toThrow();
    expect(
      violationsOf(() =>
        toCreatePackageRequest({
          externalId: 'e'.repeat(101),
          idempotencyKey: 'k'.repeat(129),
          products: [{ ...product, discountCode: 'd'.repeat(26) }],
        }),
      ).map((v) => v.path),
    ).toEqual(['input.products[0].discountCode', 'input.externalId', 'input.idempotencyKey']);
    expect(violationsOf(() => toCreatePackageRequest({ products: [] }))).toEqual([
      { path: 'input.products', message: 'must hold 1 to 1000 products' },
    ]);
    expect(() =>
      toCreatePackageRequest({ products: Array.from({ length: 1000 }, () => product) }),
    ).not.toThrow();
    expect(
      violationsOf(() =>
        toCreatePackageRequest({ products: Array.from({ length: 1001 }, () => product) }),
      ).map((v) => v.path),
    ).toEqual(['input.products']);
  });

  it('RECURRING needs a cycle duration with a real unit', () => {
    const withBilling = (billingInfo: CreatePackageInput['products'][0]['billingInfo']) =>
      violationsOf(() =>
        toCreatePackageRequest({
          products: [{ catalogProductId: GUID, countryCode: 'BR', billingInfo }],
        }),
      ).map((v) => v.path);
    expect(withBilling({ type: CycleType.RECURRING })).toEqual([
      'input.products[0].billingInfo.cycleDuration',
    ]);
    expect(
      withBilling({ type: CycleType.RECURRING, cycleDuration: { unit: IntervalUnit.UNKNOWN } }),
    ).toEqual(['input.products[0].billingInfo.cycleDuration.unit']);
  });
});

describe('toAdjustRequest', () => {
  it('builds the instance id and body', () => {
    expect(
      toAdjustRequest({
        instanceId: GUID,
        catalogProductId: GUID,
        billingInfo: yearly,
        discountCode: 'X',
        idempotencyKey: 'k',
      }),
    ).toEqual({
      instanceId: GUID.toLowerCase(),
      body: {
        catalogProductId: GUID.toLowerCase(),
        billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } },
        discountCode: 'X',
      },
    });
  });

  it('needs a catalog product or billing info', () => {
    const input: AdjustProductInstanceInput = { instanceId: GUID, discountCode: 'X' };
    expect(violationsOf(() => toAdjustRequest(input))).toEqual([
      { path: 'input', message: 'must give catalogProductId, billingInfo, or both' },
    ]);
    expect(() => toAdjustRequest({ instanceId: GUID, billingInfo: yearly })).not.toThrow();
    expect(() => toAdjustRequest({ instanceId: GUID, catalogProductId: GUID })).not.toThrow();
  });

  it('checks GUIDs, discount code and key together', () => {
    expect(
      violationsOf(() =>
        toAdjustRequest({
          instanceId: 'i',
          catalogProductId: 'c',
          discountCode: '',
          idempotencyKey: '',
        }),
      ).map((v) => v.path),
    ).toEqual([
      'input.instanceId',
      'input.catalogProductId',
      'input.discountCode',
      'input.idempotencyKey',
    ]);
  });
});
