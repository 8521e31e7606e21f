import { registerEnumType } from 'type-graphql';

/** The fields packages can be sorted by (contract: query language: only these two). */
export enum PackageOrderField {
  CREATED_DATE = 'CREATED_DATE',
  UPDATED_DATE = 'UPDATED_DATE',
}

registerEnumType(PackageOrderField, {
  name: 'PackageOrderField',
  description: 'A field packages can be sorted by.',
  valuesConfig: {
    CREATED_DATE: { description: 'Creation time.' },
    UPDATED_DATE: { description: 'Last-change time.' },
  },
});
