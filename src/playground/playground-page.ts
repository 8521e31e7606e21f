/**
 * The offline GraphiQL playground: one HTML page whose scripts and styles are served from
 * the project's own node_modules (no CDN), so it works on a machine with no internet.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PlaygroundIdentityMode } from './playground-identity';

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

/** The Docs pane (GraphiQL's plugin title): the page opens with the schema docs visible. */
const DOCS_PLUGIN_TITLE = 'Documentation Explorer';

/**
 * The page's own script (plain ES2020, no template literals: it sits in a TS template). It
 * renders the identity bar (who the requests act as, one click to switch among the demo
 * accounts, the selected account's token), sends the selected identity's token unless the
 * Headers tab sets `Authorization` itself, says what is missing when the gateway answers
 * UNAUTHENTICATED, and re-renders GraphiQL on a switch (a new fetcher refetches the schema).
 */
const PAGE_SCRIPT = `
  const config = JSON.parse(document.getElementById('playground-config').textContent);
  const mode = config.identity;
  const storageKey = 'packages-gateway:identity';
  // Subscriptions go over GraphQL over WebSocket on the same path; the fetcher sends its
  // headers (the Authorization below) as the connection's connectionParams.
  const subscriptionUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + config.url;
  const baseFetcher = GraphiQL.createFetcher({ url: config.url, subscriptionUrl: subscriptionUrl });
  const choices = mode.kind === 'development'
    ? [{ name: mode.defaultAccount.name, accountId: mode.defaultAccount.accountId, isDefault: true }]
        .concat(mode.identities.filter(function (i) { return i.accountId !== mode.defaultAccount.accountId; }))
    : mode.identities.slice();
  function find(accountId) {
    return choices.find(function (choice) { return choice.accountId === accountId; });
  }
  let selected = find(localStorage.getItem(storageKey)) || (mode.kind === 'development' ? choices[0] : undefined);

  const bar = document.getElementById('identity-bar');
  const actingAs = document.getElementById('acting-as');
  const notice = document.getElementById('auth-notice');
  const tokenBox = document.getElementById('identity-token');

  function describe(choice) {
    return choice.name + ' (' + choice.accountId + ')' + (choice.isDefault ? ', no token needed' : '');
  }
  function requiredNotice() {
    return 'Authentication is on: every request needs a header Authorization: Bearer <JWT>. ' +
      'Put it in the Headers tab under the query editor, as {"Authorization": "Bearer <token>"}' +
      (choices.length > 0 ? ', or pick a demo account above: its ready-made token is sent for you.' : '.');
  }
  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = text === '';
  }
  function renderBar(headerToken) {
    actingAs.textContent = headerToken
      ? 'the token in the Headers tab (it overrides the choice below)'
      : selected ? describe(selected) : 'nobody: no token is sent';
    for (const button of bar.querySelectorAll('button[data-account-id]')) {
      button.setAttribute('aria-pressed', String(selected !== undefined && button.dataset.accountId === selected.accountId));
    }
    tokenBox.value = selected && selected.token ? selected.token : '';
    document.getElementById('identity-token-row').hidden = !(selected && selected.token);
  }
  function hasAuthorization(headers) {
    return Object.keys(headers || {}).some(function (name) { return name.toLowerCase() === 'authorization'; });
  }
  function noteAnswer(result) {
    const errors = result && Array.isArray(result.errors) ? result.errors : [];
    const refused = errors.find(function (e) { return e && e.extensions && e.extensions.code === 'UNAUTHENTICATED'; });
    if (refused) {
      const reason = refused.extensions.reason || 'unauthenticated';
      showNotice('The gateway refused the request (' + reason + '). ' +
        (reason === 'missing_token' ? requiredNotice() : 'Check the token (Headers tab, or pick a demo account above).'));
    } else if (mode.kind === 'token-required' || notice.dataset.refused === 'true') {
      showNotice('');
    }
    notice.dataset.refused = String(Boolean(refused));
    return result;
  }
  function fetcherFor(choice) {
    return function (params, options) {
      const headers = Object.assign({}, options && options.headers);
      const own = hasAuthorization(headers);
      renderBar(own);
      if (!own && choice && choice.token) headers.authorization = 'Bearer ' + choice.token;
      return Promise.resolve(baseFetcher(params, Object.assign({}, options, { headers: headers }))).then(noteAnswer);
    };
  }
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  function render() {
    renderBar(false);
    root.render(React.createElement(GraphiQL, {
      fetcher: fetcherFor(selected),
      defaultQuery: config.query,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      visiblePlugin: config.docsPlugin,
    }));
  }
  const switcher = document.getElementById('identity-choices');
  for (const choice of choices) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.accountId = choice.accountId;
    button.textContent = choice.name;
    button.title = describe(choice);
    button.addEventListener('click', function () {
      selected = choice;
      localStorage.setItem(storageKey, choice.accountId);
      render();
    });
    switcher.appendChild(button);
  }
  document.getElementById('identity-label').hidden = choices.length === 0;
  if (mode.kind === 'token-required') showNotice(requiredNotice());
  render();
`;

/**
 * The HTML page; `graphqlPath` is where the page sends operations (same origin), `identity`
 * what it says and offers about who requests act as.
 */
export function renderPlaygroundPage(
  graphqlPath: string,
  assetsPath: string,
  identity: PlaygroundIdentityMode,
): string {
  const config = JSON.stringify({
    url: graphqlPath,
    query: PLAYGROUND_DEFAULT_QUERY,
    docsPlugin: DOCS_PLUGIN_TITLE,
    identity,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>packages-gateway playground</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetsPath}/graphiql.min.css">
<style>
  html, body { height: 100%; margin: 0; }
  body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
  #identity-bar { padding: 6px 12px; border-bottom: 1px solid #ddd; font-size: 14px; }
  #identity-bar button { margin: 0 4px; padding: 2px 8px; cursor: pointer; }
  #identity-bar button[aria-pressed="true"] { font-weight: bold; background: #d8e8ff; }
  #identity-token { width: 40em; font-family: monospace; font-size: 12px; }
  #auth-notice { margin: 4px 0 0; color: #9a3412; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body>
<header id="identity-bar">
  <div>Acting as: <strong id="acting-as">…</strong></div>
  <div><span id="identity-label">Switch to:</span><span id="identity-choices"></span></div>
  <div id="identity-token-row" hidden>Its token (for curl or your frontend):
    <input id="identity-token" readonly aria-label="token of the selected account" onfocus="this.select()"></div>
  <p id="auth-notice" role="status" hidden></p>
</header>
<div id="graphiql">Loading the playground…</div>
<script id="playground-config" type="application/json">${config}</script>
<script src="${assetsPath}/react.production.min.js"></script>
<script src="${assetsPath}/react-dom.production.min.js"></script>
<script src="${assetsPath}/graphiql.min.js"></script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
