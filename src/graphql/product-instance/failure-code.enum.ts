import { registerEnumType } from 'type-graphql';

/** contract: failure `FailureReason.code`. */
export enum FailureCode {
  UNKNOWN = 'UNKNOWN',
  DELIVERY_TIMEOUT = 'DELIVERY_TIMEOUT',
  EXTERNAL_FAILURE = 'EXTERNAL_FAILURE',
}

registerEnumType(FailureCode, {
  name: 'FailureCode',
  description: 'Why a product instance could not be delivered.',
  valuesConfig: {
    UNKNOWN: { description: 'Unspecified, or a value this gateway does not know yet.' },
    DELIVERY_TIMEOUT: { description: 'Provisioning took too long.' },
    EXTERNAL_FAILURE: { description: 'An external process failed.' },
  },
});
