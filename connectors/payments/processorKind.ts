import type { SourceKind } from '../../src/sources/SourceKind';
import { createPaymentsConnector } from './PaymentsConnector';
import { paymentsDescriptor } from './paymentsDescriptor';

/**
 * Transitional: the demo payment processor through its hand-written client, declared like any
 * source (`kind: processor`, `url`, `apiKey`) until the declarative `rest` kind replaces it.
 */
export const processorKind: SourceKind = {
  kind: 'processor',
  keys: ['apiKey', 'timeoutMs'],
  collectionKeys: [],
  requiresUrl: true,
  ownCollections: true,
  describe: () => paymentsDescriptor,
  async open(declaration) {
    const { url, apiKey, timeoutMs } = declaration.options;
    return createPaymentsConnector({ baseUrl: String(url), apiKey: String(apiKey ?? ''), timeoutMs: typeof timeoutMs === 'number' ? timeoutMs : Number(timeoutMs ?? 2000) });
  },
};
