/** URN of the SCIM Error message (RFC 7644 §3.12). */
const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The `scimType` detail codes of RFC 7644 §3.12, Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/**
 * A failure that is answered with a SCIM Error response (RFC 7644 §3.12).
 * Anything else thrown while handling a request becomes a 500.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, detail: string, scimType?: ScimType, headers: Record<string, string> = {}) {
    // An answer, not a fault: no stack trace is ever shown, and capturing one is most of its cost.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = stackTraceLimit;
    this.status = status;
    this.scimType = scimType;
    this.headers = headers;
  }

  /** The Error message body; `status` is a string per RFC 7644 §3.12. */
  body(): Record<string, unknown> {
    return {
      schemas: [ERROR_URN],
      status: String(this.status),
      ...(this.scimType === undefined ? {} : { scimType: this.scimType }),
      detail: this.message,
    };
  }
}

/** A 400 with the given `scimType` (RFC 7644 §3.12, Table 9). */
export function badRequest(scimType: ScimType, detail: string): ScimError {
  return new ScimError(400, detail, scimType);
}

/** A 404 for a resource that does not exist, or no longer does (RFC 7644 §3.4.1, §3.6). */
export function notFound(what: string): ScimError {
  return new ScimError(404, `${what} not found`);
}
