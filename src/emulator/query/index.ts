/**
 * The emulator's Query Packages engine (contract: Query Packages, query language): validation, filters, sort, cursor and
 * offset paging over a {@link PackageIndex}.
 */
export { executeQueryPackages, type QueryScope } from './execute-query';
export { QueryRequestError } from './query-request-error';
