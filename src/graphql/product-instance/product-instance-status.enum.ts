import { registerEnumType } from 'type-graphql';

/** contract: status model status of a product instance. */
export enum ProductInstanceStatus {
  PENDING = 'PENDING',
  ENABLED = 'ENABLED',
  CANCELED = 'CANCELED',
  FAILED = 'FAILED',
  AWAITING_ACTION = 'AWAITING_ACTION',
  /** [inf] A status Wix added that this gateway does not know yet (see the mapper). */
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(ProductInstanceStatus, {
  name: 'ProductInstanceStatus',
  description: 'Lifecycle status of a product instance. Packages have no status of their own.',
  valuesConfig: {
    PENDING: { description: 'Being provisioned; not yet available to the customer.' },
    ENABLED: { description: 'Available to the customer.' },
    CANCELED: { description: 'No longer available to the customer (terminal).' },
    FAILED: {
      description: 'Could not be delivered and was never available (terminal); see `failure`.',
    },
    AWAITING_ACTION: {
      description: 'Waiting for an external provider or the customer to act before it is enabled.',
    },
    UNKNOWN: {
      description:
        'A status the upstream reports that this gateway does not know yet (never sent by ' +
        'Wix today). Treat the instance as not available.',
    },
  },
});
