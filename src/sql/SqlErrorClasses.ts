/**
 * One driver's table of error codes: a readable name for the log line, and whether the same call
 * may succeed if retried (the connection, the server's load, a lock) or never will (the
 * statement, the data, the credentials). Each driver's classifier reads its own table; a code
 * missing from it is permanent unless the classifier knows better (a socket code, a class).
 * Exported per driver so one central classifier can read them all.
 */
export type SqlErrorClasses = Readonly<Record<string, { readonly name: string; readonly transient: boolean }>>;
