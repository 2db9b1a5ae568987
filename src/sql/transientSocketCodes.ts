/**
 * Node's socket and DNS error codes after which a new connection may succeed: the server is
 * restarting, the network blinked. Every driver reports them the same way (`error.code`).
 */
export const TRANSIENT_SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'ECONNABORTED',
]);
