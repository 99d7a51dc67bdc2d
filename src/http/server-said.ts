import type { Exchange } from './types.js';

const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
/** How much of a body that is not a SCIM error a report shows. */
const MAX_BODY_BYTES = 300;

/**
 * The target's own words on an error response (or on any SCIM Error message): its status,
 * scimType and detail, else the first 300 bytes of the body. The exchange is already redacted.
 */
export function serverSaid(exchange: Exchange): string | undefined {
  const response = exchange.response;
  if (!response) return undefined;
  const json = response.json as Record<string, unknown> | undefined;
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  const schemas = isObject && Array.isArray(json.schemas) ? json.schemas : [];
  const scimError = isObject && (schemas.includes(SCIM_ERROR) || (response.status >= 400 && 'detail' in json));
  if (scimError) {
    return [
      `HTTP ${response.status}`,
      json.scimType !== undefined && `scimType ${String(json.scimType)}`,
      json.detail !== undefined && `detail ${JSON.stringify(json.detail)}`,
    ]
      .filter(Boolean)
      .join(' · ');
  }
  if (response.status < 400) return undefined;
  if (response.body.length === 0) return `HTTP ${response.status} with an empty body`;
  const bytes = Buffer.from(response.body, 'utf8');
  // A cut inside a multi-byte character decodes to U+FFFD; drop it.
  const head = bytes
    .subarray(0, MAX_BODY_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
  return `HTTP ${response.status}: ${head}${bytes.length > MAX_BODY_BYTES ? '…' : ''}`;
}
