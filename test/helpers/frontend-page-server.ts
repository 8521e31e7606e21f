/**
 * A stand-in for a frontend's dev server (Vite, Next…): serves one HTML page and the ES modules
 * of the few node_modules packages it imports, on its own loopback port, so the page's origin
 * differs from the gateway's exactly as a React app's does in development. No bundler: the page
 * maps bare specifiers to the packages' ESM builds with an import map.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

const NODE_MODULES = join(__dirname, '../../node_modules');

/** Bare specifier → path under node_modules of its browser ESM entry. */
export const APOLLO_CLIENT_IMPORT_MAP: Readonly<Record<string, string>> = {
  '@apollo/client/core': '@apollo/client/core/index.js',
  graphql: 'graphql/index.mjs',
  tslib: 'tslib/tslib.es6.mjs',
  optimism: 'optimism/lib/index.js',
  '@wry/caches': '@wry/caches/lib/index.js',
  '@wry/context': '@wry/context/lib/index.js',
  '@wry/equality': '@wry/equality/lib/index.js',
  '@wry/trie': '@wry/trie/lib/index.js',
  'zen-observable-ts': 'zen-observable-ts/module.js',
  'ts-invariant': 'ts-invariant/lib/invariant.js',
  'graphql-tag': 'graphql-tag/lib/index.js',
  'symbol-observable': 'symbol-observable/es/index.js',
};

/** Packages whose files the server hands out (nothing else under node_modules). */
const SERVED_PACKAGES = new Set(
  Object.values(APOLLO_CLIENT_IMPORT_MAP).map((path) =>
    path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : (path.split('/')[0] as string),
  ),
);

/** The `<script type="importmap">` body for the map above. */
export function importMapJson(): string {
  return JSON.stringify({
    imports: Object.fromEntries(
      Object.entries(APOLLO_CLIENT_IMPORT_MAP).map(([name, path]) => [
        name,
        `/node_modules/${path}`,
      ]),
    ),
  });
}

export interface FrontendPageServer {
  /** The page's origin, e.g. `http://127.0.0.1:39123`. */
  readonly origin: string;
  close(): Promise<void>;
}

function servedFile(urlPath: string): string | undefined {
  if (!urlPath.startsWith('/node_modules/')) return undefined;
  const relative = normalize(decodeURIComponent(urlPath.slice('/node_modules/'.length)));
  const parts = relative.split(sep);
  const name = parts[0]?.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (name === undefined || !SERVED_PACKAGES.has(name) || relative.includes('..')) return undefined;
  return join(NODE_MODULES, relative);
}

/** Starts the server on a free loopback port; `/` answers `html`. */
export async function startFrontendPageServer(html: string): Promise<FrontendPageServer> {
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page.invalid').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(html);
      return;
    }
    const file = servedFile(path);
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
