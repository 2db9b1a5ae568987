import type { HttpMethod } from './RestOptions';

/** One HTTP call, described without making it: the builders are pure, the client does the I/O. */
export interface RestRequest {
  readonly method: HttpMethod;
  /** `METHOD /path/{template}`: what errors and logs name, never the filled path (it holds ids). */
  readonly route: string;
  /** Path and query relative to the API root, values URI-encoded. */
  readonly path: string;
  /** JSON to send; undefined sends no body. */
  readonly body?: unknown;
}
