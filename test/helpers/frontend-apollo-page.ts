/**
 * The smallest React-less frontend: a page that asks a gateway for three packages with Apollo
 * Client (its ES modules, unbundled) and lists their ids, or writes the error it got.
 */
import { importMapJson } from './frontend-page-server';

export const FRONTEND_QUERY =
  'query FrontendPackages { packages(first: 3) { edges { node { id externalId } } } }';

export interface FrontendPackages {
  packages: { edges: { node: { id: string; externalId: string | null } }[] };
}

/** The page's HTML; `graphqlUrl` is the gateway's endpoint (another origin). */
export function frontendPageHtml(graphqlUrl: string): string {
  const settings = JSON.stringify({ graphqlUrl, query: FRONTEND_QUERY }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>a frontend</title>
<link rel="icon" href="data:,">
<script type="importmap">${importMapJson()}</script>
</head>
<body>
<ul id="packages"></ul>
<p id="error"></p>
<script type="module">
  import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client/core';
  const settings = ${settings};
  const client = new ApolloClient({
    link: new HttpLink({ uri: settings.graphqlUrl }),
    cache: new InMemoryCache(),
  });
  try {
    const { data } = await client.query({ query: gql(settings.query) });
    const list = document.getElementById('packages');
    for (const edge of data.packages.edges) {
      const item = document.createElement('li');
      item.textContent = edge.node.id;
      list.appendChild(item);
    }
  } catch (error) {
    document.getElementById('error').textContent = String(error && error.message);
  }
</script>
</body>
</html>
`;
}
