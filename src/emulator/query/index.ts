/**
 * The emulator's Query Packages engine (§6.4, §7): validation, filters, sort, cursor and
 * offset paging over a {@link PackageIndex}.
 */
export { executeQueryPackages, type QueryScope } from './execute-query';
export { QueryRequestError } from './query-request-error';
