import type { ScimClient } from '../http/client.js';
import { compileTargetSchemas, type TargetValidate } from '../schemas/target.js';
import type { Capability } from './types.js';

export interface TargetInfo {
  /** What /ServiceProviderConfig claims, feature by feature (RFC 7643 §5); absent when not stated. */
  capabilities: Partial<Record<Capability, boolean>>;
  validateTarget?: TargetValidate;
}

const CAPABILITIES: readonly Capability[] = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'];

/**
 * Reads what the target says about itself. Failures leave the capabilities unknown (treated as
 * supported) — the discovery scenario is where a broken discovery endpoint is reported.
 */
export async function discoverTarget(client: ScimClient): Promise<TargetInfo> {
  const [config, schemas] = await Promise.all([
    client.send({ method: 'GET', path: '/ServiceProviderConfig' }),
    client.send({ method: 'GET', path: '/Schemas' }),
  ]);
  const capabilities: TargetInfo['capabilities'] = {};
  const spc =
    config.response?.status === 200
      ? (config.response.json as Record<string, { supported?: unknown }> | undefined)
      : undefined;
  for (const feature of CAPABILITIES) {
    const supported = spc?.[feature]?.supported;
    if (typeof supported === 'boolean') capabilities[feature] = supported;
  }
  const resources =
    schemas.response?.status === 200 ? (schemas.response.json as { Resources?: unknown })?.Resources : undefined;
  return {
    capabilities,
    ...(Array.isArray(resources) && resources.length > 0 && { validateTarget: compileTargetSchemas(resources) }),
  };
}
