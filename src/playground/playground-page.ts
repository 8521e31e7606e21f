/**
 * The offline GraphiQL playground: one HTML page whose scripts and styles are served from
 * the project's own node_modules (no CDN), so it works on a machine with no internet.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Files the page loads, by the URL name they are served under. */
const ASSET_SOURCES: Readonly<Record<string, { module: string; type: string }>> = {
  'react.production.min.js': {
    module: 'react/umd/react.production.min.js',
    type: 'text/javascript; charset=utf-8',
  },
  'react-dom.production.min.js': {
    module: 'react-dom/umd/react-dom.production.min.js',
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.js': { module: 'graphiql/graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { module: 'graphiql/graphiql.min.css', type: 'text/css; charset=utf-8' },
};

export interface PlaygroundAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** The example a newcomer sees first: a page of packages with their instances. */
export const PLAYGROUND_DEFAULT_QUERY = `# Welcome to packages-gateway.
# Press the run button (or Ctrl-Enter). Open "Docs" on the left for the whole schema.
query RecentPackages {
  packages(first: 5, orderBy: [{ field: CREATED_DATE, direction: DESC }]) {
    totalCount
    edges {
      node {
        id
        externalId
        createdDate
        instanceCounts { total enabled pending failed canceled awaitingAction }
        productInstances {
          instanceId
          status
          siteId
          isFloating
          catalogProductId
          billingInfo { type cycleDuration { unit count } }
          failure { code message }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/**
 * Resolves `pkg/sub/path` through the package's own package.json: react's `exports` map does
 * not expose its UMD builds, so `require.resolve('react/umd/…')` is refused.
 */
function resolveInPackage(modulePath: string): string {
  const [name, ...rest] = modulePath.split('/');
  return join(dirname(require.resolve(`${name}/package.json`)), ...rest);
}

/** Loads the assets once (at start-up), so serving them is a memory read. */
export function loadPlaygroundAssets(): ReadonlyMap<string, PlaygroundAsset> {
  const assets = new Map<string, PlaygroundAsset>();
  for (const [name, source] of Object.entries(ASSET_SOURCES)) {
    assets.set(name, {
      body: readFileSync(resolveInPackage(source.module)),
      contentType: source.type,
    });
  }
  return assets;
}

/** The HTML page; `graphqlPath` is where the page sends operations (same origin). */
export function renderPlaygroundPage(graphqlPath: string, assetsPath: string): string {
  const config = JSON.stringify({ url: graphqlPath, query: PLAYGROUND_DEFAULT_QUERY }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>packages-gateway playground</title>
<link rel="stylesheet" href="${assetsPath}/graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the playground…</div>
<script src="${assetsPath}/react.production.min.js"></script>
<script src="${assetsPath}/react-dom.production.min.js"></script>
<script src="${assetsPath}/graphiql.min.js"></script>
<script>
  const config = ${config};
  const fetcher = GraphiQL.createFetcher({ url: config.url });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultQuery: config.query,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
    }),
  );
</script>
</body>
</html>
`;
}
