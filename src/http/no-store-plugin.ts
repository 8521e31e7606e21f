/**
 * Marks every GraphQL response `cache-control: no-store`: answers are per caller and must not
 * be cached by shared caches. This is the header Apollo's default cache-control plugin sent for
 * our schema (it has no `@cacheControl` hints, so every response was uncacheable); that plugin
 * is disabled because it wraps every field resolver of the schema to compute hints we never set.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** The headers the plugin sets, for responses written without Apollo (the fast path). */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
});

const NO_STORE_LISTENER = {
  async willSendResponse({ response }: { response: { http: { headers: Map<string, string> } } }) {
    for (const [name, value] of Object.entries(NO_STORE_HEADERS)) {
      response.http.headers.set(name, value);
    }
  },
};

/** Returns the plugin (one shared, allocation-free request listener). */
export function createNoStorePlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return NO_STORE_LISTENER;
    },
  };
}
