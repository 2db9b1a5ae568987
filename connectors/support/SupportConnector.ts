import type { Connector } from '../../src/sources/Connector';
import type { SqlClient, SqlStatement } from '../../src/sql/SqlClient';
import { eraseSupport } from './eraseSupport';
import { exportSupportMessages } from './exportSupportMessages';
import { findSupportMessages } from './findSupportMessages';
import { purgeSupportMessages } from './purgeSupportMessages';
import { supportDescriptor } from './supportDescriptor';
import { supportFailure } from './supportFailure';
import { hasSupportKeys, supportKeys } from './supportKeys';
import { supportQueries } from './supportQueries';
import { toTicketChanges } from './toTicketChanges';

export interface SupportConnectorOptions {
  /** The helpdesk database. Owned by the caller: the connector never closes it. */
  readonly sql: SqlClient;
  /** Messages per export page. Default 500. */
  readonly exportPageSize?: number;
}

/**
 * The helpdesk (PostgreSQL, or PGlite when embedded) as a gateway source: a record is a support
 * message, the subject is found through the customer email or phone on its ticket. The SQL lives
 * in `supportQueries` (pure); this file wires it to the client and maps failures (see
 * supportFailure). Methods are closures, so the gateway may pass them detached.
 */
export function createSupportConnector(options: SupportConnectorOptions): Connector {
  const { sql } = options;
  if (typeof sql?.query !== 'function' || typeof sql.transaction !== 'function') {
    throw new TypeError(`expected options.sql to be a SqlClient, got ${sql === null ? 'null' : typeof sql}`);
  }
  const pageSize = options.exportPageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize <= 0) throw new TypeError(`expected exportPageSize to be a positive integer, got ${pageSize}`);
  const asRead = <T>(work: Promise<T>): Promise<T> => work.catch((error: unknown) => Promise.reject(supportFailure(error, 'read')));
  const asAction = <T>(work: Promise<T>): Promise<T> => work.catch((error: unknown) => Promise.reject(supportFailure(error, 'action')));
  const count = async (statement: SqlStatement): Promise<number> =>
    (await asAction(sql.query<{ records: number }>(statement.text, statement.params))).rows[0]?.records ?? 0;

  return {
    ...supportDescriptor,

    findByIdentities: (keys, findOptions = {}) =>
      asRead(findSupportMessages({ sql, keys, includeRestricted: findOptions.includeRestricted === true })),

    health: (signal) => asRead(sql.ping(signal)),

    /** A DSR action (access request): failures map as for writes, so the worker may retry. */
    async *exportRecords(subject) {
      try {
        yield* exportSupportMessages({ sql, subject, pageSize });
      } catch (error) {
        throw supportFailure(error, 'action');
      }
    },

    /** Idempotent; counts the subject's messages now in that state, so a retry reports the same. */
    async restrict(subject, restricted) {
      if (typeof restricted !== 'boolean') throw new TypeError(`expected restricted to be a boolean, got ${typeof restricted}`);
      const keys = supportKeys(subject.identities);
      return { records: hasSupportKeys(keys) ? await count(supportQueries.restrict({ keys, restricted })) : 0 };
    },

    planErase: (plan) => asAction(eraseSupport({ sql, plan, dryRun: true })),
    erase: (plan) => asAction(eraseSupport({ sql, plan, dryRun: false })),

    /** Overwrites the customer fields on the subject's tickets where they hold them; `address` is not held here. */
    async rectify(subject, changes) {
      const ticketChanges = toTicketChanges(changes);
      const keys = supportKeys(subject.identities);
      const statement = hasSupportKeys(keys) ? supportQueries.rectify({ keys, changes: ticketChanges }) : null;
      const records = statement === null ? 0 : await count(statement);
      return { records, mode: records > 0 ? 'overwrite' : 'none' };
    },

    /** Messages whose hold ended, by id as `erase` reported them; a ticket left empty goes too. Idempotent. */
    purgeRecords: (ids) => asAction(purgeSupportMessages({ sql, ids })),

    /** The client belongs to the caller (it may serve other connectors or the seed): nothing to release. */
    async close() {},
  };
}
