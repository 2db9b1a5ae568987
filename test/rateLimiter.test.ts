import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { createRateLimiter } from '../src/http/createRateLimiter';
import { DEFAULT_POLICY_FILE, compilePolicy } from '../src/policy/loadPolicy';
import { PolicyError } from '../src/policy/PolicyError';

/** The per-client token bucket, on a clock the test moves. */
describe('createRateLimiter', () => {
  const clock = (start = 0) => {
    let t = start;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('grants a burst, then refuses with the seconds until a token is back, per client', () => {
    const c = clock();
    const limiter = createRateLimiter({ burst: 3, perMinute: 60 }, c.now);
    expect([1, 2, 3].map(() => limiter.take('a', 1))).toEqual([null, null, null]);
    expect(limiter.take('a', 1)).toBe(1);
    expect(limiter.take('b', 1)).toBeNull();
    c.advance(1000);
    expect(limiter.take('a', 1)).toBeNull();
    expect(limiter.take('a', 1)).toBe(1);
  });

  it('lets one batch larger than the burst through, then holds the client until the debt is refilled', () => {
    const c = clock();
    const limiter = createRateLimiter({ burst: 10, perMinute: 60 }, c.now);
    expect(limiter.take('harvester', 100)).toBeNull();
    expect(limiter.take('harvester', 1)).toBe(91);
    c.advance(90_000);
    expect(limiter.take('harvester', 1)).toBe(1);
    c.advance(1000);
    expect(limiter.take('harvester', 1)).toBeNull();
  });

  it('never refuses without a limit', () => {
    const limiter = createRateLimiter(null);
    expect(Array.from({ length: 1000 }, () => limiter.take('a', 1000)).every((r) => r === null)).toBe(true);
  });
});

describe('the policy\'s rateLimit key', () => {
  const shipped = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as Record<string, unknown>;
  it('is read from the shipped policy, and may be off', () => {
    expect(compilePolicy(shipped, 'd').rateLimit).toEqual({ burst: 2000, perMinute: 60000 });
    expect(compilePolicy({ ...shipped, rateLimit: 'off' }, 'd').rateLimit).toBeNull();
  });
  it.each([
    ['a burst of 0', { burst: 0, perMinute: 10 }, /rateLimit\.burst: expected a number from 1/],
    ['a rate that is text', { burst: 5, perMinute: 'fast' }, /rateLimit\.perMinute: expected a number/],
    ['an unknown key', { burst: 5, perMinute: 10, perHour: 1 }, /rateLimit\.perHour: expected one of the keys burst, perMinute/],
    ['a list', [5, 10], /rateLimit: expected a mapping/],
  ])('refuses %s, naming the key', (_name, rateLimit, message) => {
    expect(() => compilePolicy({ ...shipped, rateLimit }, 'd')).toThrow(PolicyError);
    expect(() => compilePolicy({ ...shipped, rateLimit }, 'd')).toThrow(message);
  });
});
