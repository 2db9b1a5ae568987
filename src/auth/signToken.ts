import { SignJWT } from 'jose';

/** Signs an HS256 caller token: for `npm run token`, tests and the benchmark. */
export async function signToken(options: { secret: string; sub: string; roles: readonly string[]; ttl?: string; issuer?: string; audience?: string }): Promise<string> {
  let jwt = new SignJWT({ roles: [...options.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(options.ttl ?? '1h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
