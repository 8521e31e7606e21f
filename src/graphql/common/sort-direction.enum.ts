import { registerEnumType } from 'type-graphql';

/** Sort direction of a list. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Direction of a sort.',
  valuesConfig: {
    ASC: { description: 'Ascending: oldest first.' },
    DESC: { description: 'Descending: newest first.' },
  },
});
