import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { DEFAULT_SOURCES_FILE } from '../../src/config';
import { readNoticeChannels } from '../../src/notices/readNoticeChannels';
import { DEFAULT_POLICY_FILE, compilePolicy, loadPolicy } from '../../src/policy/loadPolicy';
import { SOURCE_KINDS } from '../../src/sourceKinds';
import { compileSource } from '../../src/sources/declarations/compileSource';
import { readSourcesFiles } from '../../src/sources/declarations/readSourcesFiles';
import { startTestGateway } from '../kit/startTestGateway';

const kinds = new Map(SOURCE_KINDS.map((k) => [k.kind, k]));
const shipped = () => YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
const withNotify = (notify: unknown) => {
  const p = shipped();
  p.thirdParties.payment_processor.notify = notify;
  return compilePolicy(p, 'test');
};
const declarations = (env: Record<string, string>) => readSourcesFiles(DEFAULT_SOURCES_FILE, env).map((raw) => compileSource(raw, { policy: loadPolicy(), kinds, describeOnly: true }));

describe('notice channels are checked at start-up', () => {
  it('reads each url from the environment; an unset variable is no channel, and says so', () => {
    const none: string[] = [];
    const channels = readNoticeChannels({ policy: loadPolicy(), declarations: declarations({}), env: { PAYMENT_PROCESSOR_NOTIFY_URL: 'https://processor.example/notices' }, onNoChannel: (r) => none.push(r) });
    expect(channels.recipients.get('payment_processor')).toEqual({ url: 'https://processor.example/notices', reference: 'CUSTOMER_ID' });
    expect(channels.recipients.get('email_delivery')).toEqual({ url: null, reference: 'EMAIL' });
    expect(channels.sources.get('orders')).toEqual({ url: null, reference: 'CUSTOMER_ID', purposes: ['marketing'] });
    expect(none.sort()).toEqual(['recipient email_delivery', 'source orders']);
  });

  it.each([
    ['not a URL', 'processor notices', /policy thirdParties\.payment_processor\.notify\.url: expected an absolute http\(s\) URL, got "processor notices"/],
    ['another scheme', 'ftp://processor.example/in', /notify\.url: expected an http\(s\) URL, got "ftp:/],
    ['credentials in it', 'https://user:pw@processor.example/in', /notify\.url: expected a URL without credentials/],
    ['a variable unset inside it', 'https://processor.example/${NOTICE_TENANT}/in', /notify\.url: expected the environment variable NOTICE_TENANT to be set, got "it unset"/],
  ])('refuses a recipient url with %s', (_, url, message) => {
    expect(() => readNoticeChannels({ policy: withNotify({ url }), declarations: [], env: {} })).toThrow(message);
  });

  it('refuses a notify key or reference the format does not know', () => {
    expect(() => withNotify({ url: 'https://x.example', secret: 'k' })).toThrow(/thirdParties\.payment_processor\.notify\.secret: expected one of the keys url, reference/);
    expect(() => withNotify({ reference: 'PASSPORT' })).toThrow(/thirdParties\.payment_processor\.notify\.reference: expected one of EMAIL, PHONE, CUSTOMER_ID/);
  });

  it("refuses a source's onConsentChange url that is not http(s), or a purpose that needs no consent, naming the file and key", () => {
    expect(() => readNoticeChannels({ policy: loadPolicy(), declarations: declarations({ STORE_CONSENT_WEBHOOK_URL: 'mailto:store@example.com' }), env: {} })).toThrow(/demo\.yaml: sources\.orders\.onConsentChange\.url: expected an http\(s\) URL/);
    const raw = readSourcesFiles(DEFAULT_SOURCES_FILE, {}).map((r) => (r.name === 'orders' ? { ...r, raw: { ...r.raw, onConsentChange: { purposes: ['order_fulfillment'] } } } : r));
    expect(() => raw.map((r) => compileSource(r, { policy: loadPolicy(), kinds, describeOnly: true }))).toThrow(/sources\.orders\.onConsentChange\.purposes\[0\]: expected a purpose of the policy that requires consent, got "order_fulfillment"/);
  });

  it('stops the gateway at start-up with the key named', async () => {
    await expect(startTestGateway({ env: { PAYMENT_PROCESSOR_NOTIFY_URL: 'processor.example/notices' } })).rejects.toThrow(/thirdParties\.payment_processor\.notify\.url: expected an absolute http\(s\) URL/);
  });
});
