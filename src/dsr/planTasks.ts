import type { Policy } from '../policy/Policy';
import type { Connector, ConnectorDescriptor, Profile } from '../sources/Connector';
import { sourceCategories } from '../sources/sourceCategories';
import type { DsrTaskDoc, DsrType } from './DsrRequestDoc';

const task = (source: string, action: string): DsrTaskDoc => ({
  source,
  action,
  status: action === 'none' ? 'SKIPPED' : 'PENDING',
  attempts: 0,
  records: null,
  lastError: null,
  updatedAt: null,
  notBefore: null,
  plan: null,
  completedAt: null,
});

/** One task per source, with the action its declared capabilities allow for the request type. */
export function planTasks(type: DsrType, connectors: readonly ConnectorDescriptor[], changes?: Profile): DsrTaskDoc[] {
  return connectors.map((c) => {
    const can = (capability: string) => c.capabilities.includes(capability as never);
    switch (type) {
      case 'ERASE':
        return task(c.name, can('delete') || can('depersonalize') ? 'erase' : 'none');
      case 'BLOCK':
        return task(c.name, can('restrict') ? 'restrict' : 'none');
      case 'UNBLOCK':
        return task(c.name, can('restrict') ? 'unrestrict' : 'none');
      case 'EXPORT':
        return task(c.name, can('export') || can('read') ? 'export' : 'none');
      case 'OBJECTION':
        return task(c.name, 'none'); // decided at the gateway, on every read
      case 'RECTIFY': {
        const touches = Object.keys(changes ?? {}).some((f) => c.profileFields.includes(f as keyof Profile));
        if (!touches) return task(c.name, 'none');
        return task(c.name, can('rectify') ? 'rectify' : can('annotate') ? 'annotate' : 'none');
      }
    }
  });
}

/**
 * What an erasure does at a source with records no hold covers: depersonalize when the policy
 * keeps any of its categories as depersonalized statistics (orders), otherwise delete.
 */
export function erasureActionFor(connector: Connector, policy: Policy): 'delete' | 'depersonalize' {
  const categories = sourceCategories(connector);
  const wantsDepersonalize = categories.some((c) => policy.retentionFor(c).afterErasure === 'depersonalize');
  return wantsDepersonalize && connector.capabilities.includes('depersonalize') ? 'depersonalize' : 'delete';
}
