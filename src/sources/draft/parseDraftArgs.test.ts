import { parseDraftArgs } from './parseDraftArgs';

/** Misuse of the command line: each refusal says what was expected and what came in, and never echoes a URL. */
describe('parseDraftArgs', () => {
  it('reads a full command line, with defaults', () => {
    expect(parseDraftArgs(['--kind', 'postgres', '--url', 'postgres://u:p@db:5432/crm_prod'])).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/crm_prod', dir: null, name: 'crm_prod', schema: 'public', tables: null, sample: 100, out: null, database: 'crm_prod' });
    expect(parseDraftArgs(['--kind', 'mongodb', '--dir', '/var/data/Shop-Orders', '--tables', 'a, b', '--sample', '5'])).toMatchObject({ name: 'shop_orders', dir: '/var/data/Shop-Orders', tables: ['a', 'b'], sample: 5, schema: null });
    expect(parseDraftArgs(['--kind', 'postgres', '--url', 'pglite:///tmp/x/support', '--schema', 'crm'])).toMatchObject({ name: 'support', schema: 'crm' });
  });

  it.each([
    [['--url', 'postgres://db/x'], /expected --kind postgres, mysql or mongodb, got none/],
    [['--kind', 'oracle', '--url', 'x://'], /got "oracle"/],
    [['--kind', 'mysql'], /exactly one of --url and --dir, got neither/],
    [['--kind', 'mysql', '--dir', '/x'], /--dir only with --kind mongodb/],
    [['--kind', 'mysql', '--url', 'postgres://root:s3cret@db/x'], /expected a mysql URL .*, got postgres:$/],
    [['--kind', 'mysql', '--url', 'mysql://db/x', '--schema', 'y'], /a MySQL schema is its database/],
    [['--kind', 'postgres', '--url', 'postgres://db/x', '--sample=-1'], /--sample to be a whole number/],
    [['--kind', 'postgres', '--url', 'postgres://db/x', '--tables', 'a;drop'], /--tables to be names/],
    [['--kind', 'postgres', '--url', 'postgres://db/x', '--name', 'Bad Name'], /--name of lower-case letters/],
    [['--kind', 'postgres', '--url', 'postgres://db/x', '--verbose'], /expected only the options below/],
  ])('refuses %j', (argv, message) => {
    let error: unknown;
    try {
      parseDraftArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('s3cret');
  });
});
