import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildSchema, parse, validate } from 'graphql';
import { exampleOperations } from '../src/explorer/exampleOperations';
import { explorerCsp } from '../src/explorer/explorerCsp';
import { escapeHtml } from '../src/explorer/explorerPage';
import { prefersHtml } from '../src/explorer/prefersHtml';
import { serveExplorer } from '../src/explorer/serveExplorer';
import { DEFAULT_SOURCES_FILE } from '../src/config';
import { loadPolicy } from '../src/policy/loadPolicy';
import { loadTypeDefs } from '../src/schema/loadTypeDefs';
import { SOURCE_KINDS } from '../src/sourceKinds';
import { readSourcesFiles } from '../src/sources/declarations/readSourcesFiles';
import { describeSources } from '../src/sources/describeSources';

/**
 * The explorer's HTTP behaviour and page contents, without a gateway or a browser: a bare
 * server that answers 418 whenever serveExplorer declines, so "declined" is visible.
 */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const DECLINED = 418;

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (serveExplorer(req, res)) return;
    res.writeHead(DECLINED);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = (p: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${base}${p}`, { method, headers });
const nodeModule = (file: string) => readFileSync(path.join(__dirname, '..', 'node_modules', file));

describe('prefersHtml', () => {
  it.each([
    [BROWSER_ACCEPT, true],
    ['text/html', true],
    ['*/*', false],
    [undefined, false],
    ['', false],
    ['application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['text/html, application/json', false],
    ['text/html;q=0.5, application/json;q=0.1', true],
    ['text/html;q=0', false],
    ['TEXT/HTML', true],
  ])('%s → %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });
});

describe('GET /graphql', () => {
  it('serves the page to a browser, with a strict CSP whose nonce is on the explorer script', async () => {
    const res = await get('/graphql', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('vary')).toMatch(/Accept/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const html = await res.text();
    expect(html).toContain(`<script src="/explorer/explorer.js" nonce="${nonce}"></script>`);
    // No inline script or style, nothing from another host.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['data:,', '/explorer/graphiql.min.css', '/explorer/explorer.css', '/explorer/react.production.min.js', '/explorer/react-dom.production.min.js', '/explorer/graphiql.min.js', '/explorer/explorer.js']);
  });

  it('uses a fresh nonce per page view', async () => {
    const csp = async () => (await get('/graphql', { accept: 'text/html' })).headers.get('content-security-policy');
    expect(await csp()).not.toBe(await csp());
  });

  it('declines GraphQL GETs (JSON, */*, no Accept) and other methods, writing nothing', async () => {
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json']) {
      expect((await get('/graphql?query={sources{name}}', { accept })).status).toBe(DECLINED);
    }
    expect((await get('/graphql')).status).toBe(DECLINED);
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { accept: 'text/html' }, body: '{}' })).status).toBe(DECLINED);
  });
});

describe('/explorer/ assets', () => {
  const files: Array<[string, string, string]> = [
    ['/explorer/graphiql.min.js', 'graphiql/graphiql.min.js', 'text/javascript; charset=utf-8'],
    ['/explorer/graphiql.min.css', 'graphiql/graphiql.min.css', 'text/css; charset=utf-8'],
    ['/explorer/react.production.min.js', 'react/umd/react.production.min.js', 'text/javascript; charset=utf-8'],
    ['/explorer/react-dom.production.min.js', 'react-dom/umd/react-dom.production.min.js', 'text/javascript; charset=utf-8'],
  ];

  it.each(files)('%s is %s from node_modules, as %s', async (urlPath, file, type) => {
    const res = await get(urlPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(nodeModule(file))).toBe(true);
  });

  it('gzips for clients that accept it, identical once inflated', async () => {
    // fetch would inflate on its own: ask with node:http to see the wire bytes.
    const wire = await new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http.get(`${base}/explorer/graphiql.min.js`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(wire.headers['content-encoding']).toBe('gzip');
    expect(Number(wire.headers['content-length'])).toBe(wire.body.length);
    expect(wire.body.length).toBeLessThan(nodeModule('graphiql/graphiql.min.js').length / 2);
    expect(gunzipSync(wire.body).equals(nodeModule('graphiql/graphiql.min.js'))).toBe(true);
  });

  it('answers a matching If-None-Match with 304 and no body; HEAD with headers only', async () => {
    const first = await get('/explorer/react.production.min.js');
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await get('/explorer/react.production.min.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await get('/explorer/react.production.min.js', { 'accept-encoding': 'identity' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(nodeModule('react/umd/react.production.min.js').length);
    expect(await head.text()).toBe('');
  });

  it('serves explorer.js with the example operations and headers, and explorer.css', async () => {
    const js = await (await get('/explorer/explorer.js')).text();
    expect(js).toContain(JSON.stringify(exampleOperations.document));
    expect(js).toContain('shouldPersistHeaders: true');
    expect(js).toContain('storage: window.sessionStorage');
    expect(js).toContain('__webpack_nonce__ = document.currentScript.nonce');
    expect(js).toContain(JSON.stringify(JSON.stringify(exampleOperations.headers, null, 2)));
    expect(js).not.toMatch(/https?:\/\//);
    const css = await get('/explorer/explorer.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('declines unknown paths, traversal and other methods', async () => {
    for (const p of ['/explorer/', '/explorer/nope.js', '/explorer/../package.json', '/explorer/%2e%2e/package.json', '/explorer/graphiql.min.js.map']) {
      expect((await get(p)).status).toBe(DECLINED);
    }
    expect((await fetch(`${base}/explorer/explorer.js`, { method: 'POST', body: '' })).status).toBe(DECLINED);
  });
});

describe('explorerCsp', () => {
  it("allows only 'self' (plus data: fonts and images and the page's style nonce): no unsafe-*, no hosts", () => {
    for (const csp of [explorerCsp('abc'), explorerCsp(null)]) {
      expect(csp).not.toMatch(/unsafe|https?:|\*/);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(explorerCsp('abc')).toContain("style-src 'self' 'nonce-abc'");
    expect(explorerCsp(null)).toContain("style-src 'self';");
  });
});

describe('example operations', () => {
  // The core SDL and what the shipped declarations generate: the schema `npm start` serves.
  const declared = describeSources({ raw: readSourcesFiles(DEFAULT_SOURCES_FILE, {}), policy: loadPolicy(), kinds: SOURCE_KINDS });
  const schema = buildSchema([...loadTypeDefs(), ...declared.map((d) => d.typeDefs)].join('\n'));
  const document = parse(exampleOperations.document);

  it('are valid against the schema: schema/*.graphql and the shipped declarations', () => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });

  it("cover the officer's daily work, each a named operation", () => {
    const operations = document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [`${d.operation} ${d.name?.value}`] : []));
    expect(operations).toEqual([
      'query FindSubject',
      'mutation ExportSubject',
      'mutation BlockSubject',
      'mutation EraseSubject',
      'query FollowRequest',
      'query SubjectRequests',
      'query AuditTrail',
    ]);
    expect(exampleOperations.document).toMatch(/idempotencyKey: \$idempotencyKey/);
    expect(exampleOperations.document).toMatch(/verifyAuditLog \{/);
    expect(exampleOperations.document).toMatch(/dsrRequest\(id: \$requestId\)/);
  });

  it('prefill the purpose and a placeholder token naming the command that makes one', () => {
    expect(exampleOperations.headers).toEqual({ Authorization: 'Bearer <paste a token from npm run token -- --role privacy_officer>', 'X-Purpose': 'dsr_handling' });
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
