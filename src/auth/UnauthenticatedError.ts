import { ErrorCode, GatewayError } from '../errors';

/**
 * A refused token. `unverifiedClient` is the `sub` the token claims, read without trusting it:
 * the audit records who the refused caller said it was, marked unverified (CONTRACT.md §3).
 */
export class UnauthenticatedError extends GatewayError {
  constructor(
    message: string,
    readonly unverifiedClient: string | null,
    cause?: unknown,
  ) {
    super(ErrorCode.UNAUTHENTICATED, message, { cause });
  }
}
