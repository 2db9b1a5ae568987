import type { ErrorCode } from '../../src/errors';
import type { RawRequest, RawResponse } from './hostileHttp';
import type { TokenForge } from './hostileTokens';

/** What a case may use to build its request: valid tokens for the honest parts, the forge for the rest. */
export interface HostileContext {
  /** privacy_officer: may declare dsr_handling and run every mutation. */
  readonly officer: string;
  /** shop_service: order_fulfillment and fraud_prevention only. */
  readonly shop: string;
  readonly forge: TokenForge;
}

/**
 * One hostile request and the answer the contract gives it: the error code (every error's code
 * is this one, or BAD_USER_INPUT for validation noise beside it), the HTTP status where the
 * refusal happens before execution, and any extra check.
 */
export interface HostileCase {
  readonly name: string;
  readonly request: (ctx: HostileContext) => RawRequest | Promise<RawRequest>;
  readonly code: ErrorCode;
  readonly status: number;
  readonly check?: (response: RawResponse) => void;
}

export const CALLBACK_PREFIX = 'https://hooks.example.com/dsr/';
export const JSON_TYPE = ['content-type', 'application/json'] as const;

/** POST /graphql with a JSON body, as the officer under dsr_handling unless told otherwise. */
export function post(body: unknown, options: { token?: string | null | ((ctx: HostileContext) => string); purpose?: string | null; contentType?: string | null; extra?: ReadonlyArray<readonly [string, string]> } = {}): (ctx: HostileContext) => RawRequest {
  return (ctx) => ({
    body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    headers: [
      ...(options.contentType === null ? [] : [['content-type', options.contentType ?? 'application/json'] as const]),
      ...(options.token === null ? [] : [['authorization', `Bearer ${typeof options.token === 'function' ? options.token(ctx) : (options.token ?? ctx.officer)}`] as const]),
      ...(options.purpose === null ? [] : [['x-purpose', options.purpose ?? 'dsr_handling'] as const]),
      ...(options.extra ?? []),
    ],
  });
}

/** A GraphQL operation as the officer. */
export const gql = (query: string, variables?: Record<string, unknown>) => post(variables === undefined ? { query } : { query, variables });

export const SUBJECT_BY_REF = 'query($ref: SubjectRef!){ subject(ref:$ref){ id profile { name email } } }';
export const subjectBy = (ref: unknown) => gql(SUBJECT_BY_REF, { ref });
export const ERASE = 'mutation($input: EraseSubjectInput!){ eraseSubject(input:$input){ id status } }';
export const BLOCK = 'mutation($input: BlockSubjectInput!){ blockSubject(input:$input){ id status } }';
