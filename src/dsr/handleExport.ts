import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { auditRefusal } from '../audit/auditRefusal';
import type { Caller } from '../auth/Caller';
import type { AuthorizationHeader } from '../auth/createTokenVerifier';
import { UnauthenticatedError } from '../auth/UnauthenticatedError';
import { ErrorCode, GatewayError } from '../errors';
import type { GatewayServices } from '../GatewayServices';
import { httpStatusFor } from '../http/httpStatusFor';
import { PURPOSE_ID, resolvePurpose } from '../http/resolvePurpose';
import { refusalHeaders } from '../http/refusalHeaders';
import { sendGraphQLError } from '../http/sendJson';
import { exportPath } from './writeExport';

const REQUEST_ID = /^dsr_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GET /exports/{requestId}: the export file, to a caller whose token and purpose may handle
 * data-subject requests. The id is matched against the request-id format before it comes near
 * the file system, so no path can be smuggled in; the download itself is audited.
 */
export async function handleExport(options: { req: IncomingMessage; res: ServerResponse; requestId: string; services: GatewayServices; verify: (a: AuthorizationHeader) => Promise<Caller>; id: string }): Promise<void> {
  const { req, res, services, requestId } = options;
  let caller: Caller | null = null;
  try {
    if (req.method !== 'GET') throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'expected GET');
    caller = await options.verify(req.headersDistinct.authorization);
    const purpose = resolvePurpose(req.headers, caller, services.policy);
    if (!(purpose.seesBlocked && purpose.grants.includes('*'))) throw new GatewayError(ErrorCode.FORBIDDEN, `exports are not available for purpose "${purpose.id}"`);
    const id = decodePath(options.id);
    if (id === null || !REQUEST_ID.test(id)) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such export');
    const doc = await services.dsr.ledger.get(id);
    if (!doc || doc.type !== 'EXPORT' || doc.status !== 'COMPLETED' || !doc.export) throw new GatewayError(ErrorCode.NOT_FOUND, 'no such export');
    await services.audit.append({
      at: new Date().toISOString(), requestId, client: caller.client, roles: [...caller.roles], purpose: purpose.id, operation: 'GET /exports',
      subjectIds: doc.subjectId ? [doc.subjectId] : [], categories: ['*'], denied: [], policyVersion: services.policy.version, outcome: 'ok',
    });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(doc.export.bytes),
      'content-disposition': `attachment; filename="${id}.json"`,
      'x-content-sha256': doc.export.sha256,
      'cache-control': 'no-store',
    });
    createReadStream(exportPath(services.config.dataDir, id)).on('error', () => res.destroy()).pipe(res);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    const declared = typeof req.headers['x-purpose'] === 'string' ? req.headers['x-purpose'].trim() : '';
    const client = caller?.client ?? (error instanceof UnauthenticatedError ? error.unverifiedClient : null);
    services.logger.info({ requestId, client, clientVerified: caller !== null, code: error.code }, 'export download refused');
    await auditRefusal(services, {
      requestId,
      client,
      verified: caller !== null,
      roles: caller?.roles ?? [],
      purpose: PURPOSE_ID.test(declared) ? declared : null,
      code: error.code,
      operation: 'GET /exports',
    });
    sendGraphQLError(res, { status: httpStatusFor(error.code), code: error.code, message: error.message, requestId, headers: refusalHeaders(req, error) });
  }
}

/** A malformed percent-encoding (`%E0%A4%A`) names no export: null, never a URIError (a 500). */
function decodePath(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
