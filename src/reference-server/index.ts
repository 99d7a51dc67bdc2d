/**
 * The embedded reference SCIM 2.0 service provider: an in-memory, RFC 7643 /
 * RFC 7644 conformant endpoint that also tolerates what Microsoft Entra ID
 * sends, with switchable deliberate non-conformities ("faults") for testing
 * the conformance checks themselves.
 */

/** Options of {@link startReferenceServer}. */
export interface ReferenceServerOptions {
  /** The bearer token every request must present (RFC 6750). */
  token: string;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Names of injected non-conformities from {@link FAULTS}; an unknown name makes the start fail, listing the valid ones. */
  faults?: readonly string[];
  /** Names of allowed behaviours from {@link VARIANTS} that differ from the defaults; an unknown name makes the start fail. */
  variants?: readonly string[];
  /** Called for every request received, before authentication, with its parsed JSON body (or raw text when not JSON). */
  onRequest?: (req: RecordedRequest) => void;
  /** Largest accepted request body; default 1 MiB, beyond which the answer is 413 and the body is not read. */
  maxBodyBytes?: number;
  /** Users and Groups held at most; default 1,000,000, beyond which a POST gets 507. */
  maxResources?: number;
  /** Requests per second accepted; past it the answer is 429 with Retry-After: 1. Default: no limit. */
  rateLimit?: number;
  /**
   * User schema extensions to declare (RFC 7643 §3.3, §7), e.g. a custom app's
   * `urn:ietf:params:scim:schemas:extension:acme:2.0:User` with costCenter: listed by
   * `/Schemas` and as schemaExtensions of the User resource type. See {@link parseSchemaExtensions}.
   */
  userExtensions?: readonly SchemaDef[];
}

/** A request as received on the wire. */
export interface RecordedRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A started reference server. */
export interface RunningReferenceServer {
  /** The SCIM base URL, e.g. http://127.0.0.1:41234/scim/v2. */
  baseUrl: string;
  port: number;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

export { startReferenceServer } from './server.js';
export { parseSchemaExtensions } from './schemas.js';
import type { SchemaDef } from './schemas.js';
export { FAULTS } from './faults.js';
export { VARIANTS } from './variants.js';
