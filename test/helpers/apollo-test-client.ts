/**
 * An Apollo Client as a web app would build it for this gateway (HttpLink over the global
 * fetch, InMemoryCache with the README's type policies), whose fetch also records which
 * operations went to the network, so tests can prove what the cache answered by itself.
 */
import {
  ApolloClient,
  HttpLink,
  InMemoryCache,
  type NormalizedCacheObject,
} from '@apollo/client/core';
import { gatewayTypePolicies } from './apollo-type-policies';

export interface RecordingApolloClient {
  readonly client: ApolloClient<NormalizedCacheObject>;
  /** Operation names of the requests sent, in order. */
  readonly sent: string[];
}

/** Creates a client with an empty cache for the GraphQL endpoint at `graphqlUrl`. */
export function createRecordingApolloClient(graphqlUrl: string): RecordingApolloClient {
  const sent: string[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    sent.push((JSON.parse(String(init?.body)) as { operationName: string }).operationName);
    return fetch(input, init);
  };
  const client = new ApolloClient({
    link: new HttpLink({ uri: graphqlUrl, fetch: recordingFetch }),
    cache: new InMemoryCache({ typePolicies: gatewayTypePolicies }),
  });
  return { client, sent };
}
