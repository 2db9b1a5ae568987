import type { Connector, Profile } from '../sources/Connector';
import type { Identity } from '../sources/Identity';
import type { DsrRequestDoc, DsrTaskDoc } from './DsrRequestDoc';

/**
 * The act step of a block, an unblock or a rectification at one source: the records affected.
 * Every action is idempotent, because the worker may run it again after a crash: restricting
 * twice leaves one restriction, writing a value twice leaves that value. (Erasures go by waves:
 * eraseWave; exports by exportRequest.)
 */
export async function actOnSource(options: { connector: Connector; task: DsrTaskDoc; request: DsrRequestDoc; identities: readonly Identity[] }): Promise<number> {
  const { connector, task, identities } = options;
  const subject = { identities };
  switch (task.action) {
    case 'restrict':
    case 'unrestrict':
      return (await connector.restrict(subject, task.action === 'restrict')).records;
    case 'rectify':
    case 'annotate':
      return (await connector.rectify(subject, (options.request.payload.changes ?? {}) as Profile)).records;
    default:
      throw new TypeError(`expected a restrict, unrestrict, rectify or annotate task, got "${task.action}"`);
  }
}
