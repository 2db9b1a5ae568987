import type { TokenVerifier } from '../src/auth/createTokenVerifier';
import { signToken } from '../src/auth/signToken';
import { errorCodes } from './kit/hostileChecks';
import type { RawResponse } from './kit/hostileHttp';
import { rawRequest } from './kit/hostileHttp';
import type { TestGateway } from './kit/startTestGateway';
import { startTestGateway } from './kit/startTestGateway';

/**
 * The per-address limit that runs before a token is verified, over real HTTP: each simulated
 * host sends from its own loopback address. One token a minute refills the bucket, so none
 * comes back while the test runs and every count below is exact.
 */
const BURST = 5;
const FLOOD = 12;
const FLOODER = '127.0.0.2';
const NEIGHBOUR = '127.0.0.3';

describe('the per-address limit before token verification', () => {
  let gw: TestGateway;
  let verified = 0;
  const countVerifications = (verify: TokenVerifier): TokenVerifier => (authorization) => {
    verified += 1;
    return verify(authorization);
  };
  const post = (from: string, token: string): Promise<RawResponse> =>
    rawRequest(gw.url, {
      localAddress: from,
      body: JSON.stringify({ query: '{ sources { name } }' }),
      headers: [['content-type', 'application/json'], ['authorization', `Bearer ${token}`], ['x-purpose', 'dsr_handling']],
    });
  const sequentially = async (count: number, send: () => Promise<RawResponse>): Promise<RawResponse[]> => {
    const answers: RawResponse[] = [];
    for (let i = 0; i < count; i++) answers.push(await send());
    return answers;
  };

  beforeAll(async () => {
    gw = await startTestGateway({
      env: { GATEWAY_ADDRESS_RATE_BURST: String(BURST), GATEWAY_ADDRESS_RATE_PER_MINUTE: '1' },
      overrides: { wrapVerifier: countVerifications, startWorker: false },
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('refuses a flood of forged tokens from one address with RATE_LIMITED once its bucket is dry, checking no more signatures', async () => {
    const forged = await signToken({ secret: 'not-the-gateway-secret-but-long-enough!!', sub: 'forger', roles: ['privacy_officer'] });
    verified = 0;
    const answers = await sequentially(FLOOD, () => post(FLOODER, forged));
    expect(answers.map((a) => a.status)).toEqual([...Array<number>(BURST).fill(401), ...Array<number>(FLOOD - BURST).fill(429)]);
    expect(answers.slice(BURST).map(errorCodes)).toEqual(Array.from({ length: FLOOD - BURST }, () => ['RATE_LIMITED']));
    expect(answers.slice(BURST).every((limited) => Number(limited.headers['retry-after']) >= 1)).toBe(true);
    expect(verified).toBe(BURST);
  });

  it('refuses a valid token from the dry address too, and an export download, unverified: the address is all that is known before the check', async () => {
    verified = 0;
    const valid = await post(FLOODER, await gw.token(['privacy_officer']));
    const download = await rawRequest(gw.url, { localAddress: FLOODER, method: 'GET', path: '/exports/dsr_x', headers: [['authorization', `Bearer ${await gw.token(['privacy_officer'])}`], ['x-purpose', 'dsr_handling']] });
    expect([valid.status, download.status]).toEqual([429, 429]);
    expect([errorCodes(valid), errorCodes(download)]).toEqual([['RATE_LIMITED'], ['RATE_LIMITED']]);
    expect(Number(download.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(verified).toBe(0);
  });

  it('leaves a valid client at another address unaffected within its bucket', async () => {
    verified = 0;
    const token = await gw.token(['privacy_officer'], 'neighbour');
    const answers = await sequentially(BURST, () => post(NEIGHBOUR, token));
    expect(answers.map((a) => [a.status, errorCodes(a)])).toEqual(Array.from({ length: BURST }, () => [200, []]));
    expect(answers.every((a) => Array.isArray((a.json?.data as { sources?: unknown } | undefined)?.sources))).toBe(true);
    expect(verified).toBe(BURST);
  });
});
