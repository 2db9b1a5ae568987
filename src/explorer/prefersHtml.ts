const JSON_TYPES = new Set(['application/json', 'application/graphql-response+json']);

/**
 * Whether an Accept header asks for a page rather than a GraphQL result: a browser navigation
 * names text/html explicitly; GraphQL clients name JSON or send `*\/*`. Wildcards do not count
 * for either side, so `curl` (Accept: *\/*) keeps getting GraphQL over GET.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((s) => s.trim().toLowerCase());
    const q = qualityOf(params);
    if (type === 'text/html') html = Math.max(html, q);
    else if (JSON_TYPES.has(type)) json = Math.max(json, q);
  }
  return html > json; // a tie goes to GraphQL: a program listing both wants data, not a page
}

function qualityOf(params: readonly string[]): number {
  const q = params.find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 0;
}
