/**
 * graphql-ws publishes its `ws` server adapter only through package `exports`
 * (`graphql-ws/use/ws`), which this project's module resolution (`node`) does not read for
 * types. Node resolves the import at run time; its types are those of the file the export
 * points to.
 */
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
