import { registerEnumType } from 'type-graphql';

/** contract: cycleDuration `IntervalUnit`. */
export enum IntervalUnit {
  UNKNOWN = 'UNKNOWN',
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  YEAR = 'YEAR',
}

registerEnumType(IntervalUnit, {
  name: 'IntervalUnit',
  description: 'Unit of a billing cycle.',
  valuesConfig: {
    UNKNOWN: { description: 'Not set, or a value this gateway does not know yet.' },
    DAY: { description: 'Days.' },
    WEEK: { description: 'Weeks.' },
    MONTH: { description: 'Months.' },
    YEAR: { description: 'Years.' },
  },
});
