/** What the page needs to know; embedded as JSON in /explorer/explorer.js. */
export interface ExplorerSettings {
  /** The GraphQL endpoint, same origin: "/graphql". */
  readonly endpoint: string;
  readonly document: string;
  /** JSON text for the variables editor. */
  readonly variables: string;
  /** JSON text for the header editor. */
  readonly headers: string;
}

/**
 * The page's only script of its own, served as /explorer/explorer.js so the Content-Security-
 * Policy can forbid inline scripts. Plain ES2017 text, not compiled TypeScript: a function's
 * `toString()` would carry whatever helpers the TS loader injects (tsx adds `__name`), which do
 * not exist in the browser. It expects React, ReactDOM and GraphiQL as globals (UMD builds).
 *
 * One tab, so one header set. shouldPersistHeaders keeps the pasted token across a reload, as
 * the officer expects; but GraphiQL stores into `storage` the variables and the query history
 * too, which name the data subjects looked up. So its storage is sessionStorage, not the default
 * localStorage: token and lookups last as long as the browser tab, never on disk for months.
 *
 * GraphiQL 3 fills the variables editor from its `variables` prop or its storage, never from
 * `defaultTabs`: without the prop the first saved operation fails on a missing `$ref`. The
 * prop is given only while the tab has stored none, so what the officer typed survives a reload.
 */
export function explorerScript(settings: ExplorerSettings): string {
  return `/* privacy-gateway explorer: GraphiQL over ${settings.endpoint}, same origin only. */
(function () {
  'use strict';
  var settings = ${JSON.stringify(settings)};
  // GraphiQL's scroll lock inserts a <style> with this nonce; the CSP refuses any other.
  if (document.currentScript && document.currentScript.nonce) window.__webpack_nonce__ = document.currentScript.nonce;
  var root = document.getElementById('graphiql');
  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    root.textContent = 'The explorer could not load its scripts from /explorer/. Reload the page; if it persists, check the gateway log.';
    return;
  }
  var fetcher = window.GraphiQL.createFetcher({ url: new URL(settings.endpoint, window.location.href).href });
  var tab = { query: settings.document, variables: settings.variables, headers: settings.headers };
  var storedVariables = window.sessionStorage.getItem('graphiql:variables');
  window.ReactDOM.createRoot(root).render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      defaultTabs: [tab],
      defaultQuery: settings.document,
      defaultHeaders: settings.headers,
      variables: storedVariables === null ? settings.variables : undefined,
      shouldPersistHeaders: true,
      storage: window.sessionStorage,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: 'headers',
    })
  );
})();
`;
}
