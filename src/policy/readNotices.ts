import type { PolicyNotices } from './Policy';
import type { Raw } from './readPolicyFile';
import { checkKeys, readObject, readString } from './readPolicyFile';
import { PolicyError } from './PolicyError';

const list = (raw: unknown, path: string): unknown[] => {
  if (!Array.isArray(raw) || raw.length === 0) throw new PolicyError(path, 'a non-empty list', raw);
  return raw;
};

/**
 * The policy's `notices`: what the controller must tell the person with every copy of their data
 * (GDPR art. 13–15, 152-FZ art. 14(7), 18) and name on every destruction act (Roskomnadzor Order
 * 179): who the controller is, how data is processed, the person's rights and whom to complain to.
 */
export function readNotices(raw: Raw): PolicyNotices {
  const p = 'notices';
  checkKeys(raw, p, ['controller', 'processingMethods', 'crossBorderTransfer', 'automatedDecisions', 'securityMeasures', 'rights', 'supervisoryAuthorities']);
  const controller = readObject(raw.controller, `${p}.controller`);
  checkKeys(controller, `${p}.controller`, ['name', 'address', 'contact', 'responsible']);
  return {
    controller: {
      name: readString(controller.name, `${p}.controller.name`),
      address: readString(controller.address, `${p}.controller.address`),
      contact: readString(controller.contact, `${p}.controller.contact`),
      responsible: readString(controller.responsible, `${p}.controller.responsible`),
    },
    processingMethods: readString(raw.processingMethods, `${p}.processingMethods`),
    crossBorderTransfer: readString(raw.crossBorderTransfer, `${p}.crossBorderTransfer`),
    automatedDecisions: readString(raw.automatedDecisions, `${p}.automatedDecisions`),
    securityMeasures: readString(raw.securityMeasures, `${p}.securityMeasures`),
    rights: list(raw.rights, `${p}.rights`).map((item, i) => {
      const at = `${p}.rights[${i}]`;
      const right = readObject(item, at);
      checkKeys(right, at, ['right', 'law', 'how']);
      return { right: readString(right.right, `${at}.right`), law: readString(right.law, `${at}.law`), how: readString(right.how, `${at}.how`) };
    }),
    supervisoryAuthorities: list(raw.supervisoryAuthorities, `${p}.supervisoryAuthorities`).map((item, i) => {
      const at = `${p}.supervisoryAuthorities[${i}]`;
      const authority = readObject(item, at);
      checkKeys(authority, at, ['name', 'law', 'url']);
      const url = readString(authority.url, `${at}.url`);
      if (!/^https:\/\/[^\s]+$/.test(url)) throw new PolicyError(`${at}.url`, 'an https:// URL', url);
      return { name: readString(authority.name, `${at}.name`), law: readString(authority.law, `${at}.law`), url };
    }),
  };
}
