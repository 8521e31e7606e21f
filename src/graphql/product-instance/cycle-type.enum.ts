import { registerEnumType } from 'type-graphql';

/** contract: billingInfo `CycleDescriptorType`. */
export enum CycleType {
  UNKNOWN = 'UNKNOWN',
  ONE_TIME = 'ONE_TIME',
  RECURRING = 'RECURRING',
}

registerEnumType(CycleType, {
  name: 'CycleType',
  description: 'How a product instance is billed between the reseller and Wix.',
  valuesConfig: {
    UNKNOWN: { description: 'Not set, or a value this gateway does not know yet.' },
    ONE_TIME: { description: 'A single payment.' },
    RECURRING: { description: 'Periodic payments; see `cycleDuration`.' },
  },
});
