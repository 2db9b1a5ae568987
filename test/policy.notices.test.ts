import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { DEFAULT_POLICY_FILE, compilePolicy } from '../src/policy/loadPolicy';
import { PolicyError } from '../src/policy/PolicyError';

const compile = (mutate: (p: any) => void) => {
  const p = YAML.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  mutate(p);
  return () => compilePolicy(p, 'test');
};

describe('policy notices: what the export and the destruction act tell, validated at start-up', () => {
  it('the shipped policy names the controller, the rights and both supervisory authorities', () => {
    const { notices } = compile(() => undefined)();
    expect(notices?.controller).toEqual(expect.objectContaining({ contact: 'privacy@store.example' }));
    expect(notices?.rights.length).toBeGreaterThanOrEqual(6);
    expect(notices?.supervisoryAuthorities.map((a) => a.law)).toEqual(['152-FZ art. 17(2), 23', 'GDPR art. 77']);
  });

  it('a policy without notices still loads (an older POLICY_FILE): exports and acts say null', () => {
    expect(compile((p) => delete p.notices)().notices).toBeNull();
  });

  it.each([
    ['notices.controller.name', (p: any) => delete p.notices.controller.name, 'expected a non-empty string, got nothing'],
    ['notices.controller.fax', (p: any) => (p.notices.controller.fax = '+7 495'), 'expected one of the keys name, address, contact, responsible'],
    ['notices.rights', (p: any) => (p.notices.rights = []), 'expected a non-empty list'],
    ['notices.rights[1].law', (p: any) => (p.notices.rights[1].law = 42), 'expected a non-empty string, got number 42'],
    ['notices.supervisoryAuthorities[0].url', (p: any) => (p.notices.supervisoryAuthorities[0].url = 'http://rkn.example'), 'expected an https:// URL'],
    ['notices.securityMeasures', (p: any) => delete p.notices.securityMeasures, 'expected a non-empty string'],
    ['notices', (p: any) => (p.notices = ['x']), 'expected a mapping'],
  ])('refuses %s, naming the key', (key, mutate, expected) => {
    const load = compile(mutate);
    expect(load).toThrow(PolicyError);
    expect(load).toThrow(`policy ${key}: ${expected}`);
  });
});
