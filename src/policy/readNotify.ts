import type { NotifyDeclaration } from './Policy';
import { checkKeys, readObject, readOneOf, readString } from './readPolicyFile';

const REFERENCES = ['EMAIL', 'PHONE', 'CUSTOMER_ID'] as const;

/** `notify: { url, reference }`: both optional; the url is checked once its `${VAR}`s are read (readNoticeChannels). */
export function readNotify(raw: unknown, path: string): NotifyDeclaration {
  const spec = readObject(raw, path);
  checkKeys(spec, path, ['url', 'reference']);
  return {
    url: spec.url === undefined || spec.url === null ? null : readString(spec.url, `${path}.url`),
    reference: spec.reference === undefined ? null : readOneOf(spec.reference, `${path}.reference`, REFERENCES),
  };
}
