/** Who is calling, from a verified token. Never built from unverified input. */
export interface Caller {
  /** The client id (`sub`). */
  readonly client: string;
  readonly roles: readonly string[];
}
