import { createMongoDocumentStore } from '../src/store/MongoDocumentStore';

/**
 * The MongoDB adapter without a server (the conformance suite covers it with one): what must hold
 * before and between connections. Port 1 on localhost refuses at once.
 */
describe('MongoDB document store, no server', () => {
  const unreachable = () => createMongoDocumentStore({ url: 'mongodb://127.0.0.1:1/gateway', serverSelectionTimeoutMS: 200 });

  it('refuses an unparsable URL at creation, without quoting it', () => {
    const error = (() => {
      try {
        createMongoDocumentStore({ url: 'postgres://admin:s3cret@db/x' });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toMatch(/expected a MongoDB connection string/);
    expect(error?.message).not.toContain('s3cret');
  });

  it('validates a call before connecting', async () => {
    const store = unreachable();
    await expect(store.collection('x').find({ $where: 'true' } as never)).rejects.toThrow(/expected a field path, \$or or \$and/);
    expect(() => store.collection('../x')).toThrow(TypeError);
    await store.close();
  });

  it('keeps trying to connect after a failed attempt, rather than staying closed', async () => {
    const store = unreachable();
    for (let i = 0; i < 2; i += 1) {
      const error = await store.ping().catch((e: unknown) => e as Error);
      expect(error?.name).toBe('MongoServerSelectionError');
    }
    await store.close();
    await expect(store.collection('x').count({})).rejects.toThrow(/expected an open document store/);
  });
});
