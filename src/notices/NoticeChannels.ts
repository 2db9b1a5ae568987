import type { IdentityType } from '../sources/Identity';

/** Where one receiver's signed notices go, read at start-up. */
export interface NoticeChannel {
  /** An absolute http(s) URL; null: none declared or its variable unset — notices are due, with no channel. */
  readonly url: string | null;
  /** The identity sent as the subject's reference; null: the subject's pseudonymous id only. */
  readonly reference: IdentityType | null;
}

export interface ConsentChannel extends NoticeChannel {
  /** The consent purposes the source acts on; null: every purpose that requires consent. */
  readonly purposes: readonly string[] | null;
}

/** Every receiver of notices: each recipient of the policy (declared channel or not), each source with `onConsentChange`. */
export interface NoticeChannels {
  readonly recipients: ReadonlyMap<string, NoticeChannel>;
  readonly sources: ReadonlyMap<string, ConsentChannel>;
}
