import type { ScimClient } from '../http/client.js';
import { targetValidator, targetValidatorCode, type TargetValidate } from '../schemas/target.js';
import type { Capability } from './types.js';

/** What the target says about itself, as plain data (it travels from the CLI process to the workers). */
export interface Discovery {
  /** What /ServiceProviderConfig claims, feature by feature (RFC 7643 §5); absent when not stated. */
  capabilities: Partial<Record<Capability, boolean>>;
  /** The Schema resources /Schemas returned (RFC 7643 §7), if it returned any. */
  schemas: unknown[];
  /** Validators of those schemas, as ajv standalone code (see targetValidatorCode); absent without schemas. */
  validatorCode?: string;
}

/** Discovery, with the target's schemas compiled for checking resources against them. */
export interface TargetInfo {
  capabilities: Discovery['capabilities'];
  /** The Schema resources of /Schemas; absent or empty when it returned none. */
  schemas?: readonly unknown[];
  validateTarget?: TargetValidate;
}

const CAPABILITIES: readonly Capability[] = ['patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag'];

/**
 * Reads /ServiceProviderConfig and /Schemas. Failures leave the capabilities unknown (treated as
 * supported) — the discovery scenario is where a broken discovery endpoint is reported.
 */
export async function discover(client: ScimClient): Promise<Discovery> {
  const [config, schemas] = await Promise.all([
    client.send({ method: 'GET', path: '/ServiceProviderConfig' }),
    client.send({ method: 'GET', path: '/Schemas' }),
  ]);
  const capabilities: Discovery['capabilities'] = {};
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
  const list = Array.isArray(resources) ? resources : [];
  return { capabilities, schemas: list, ...(list.length > 0 && { validatorCode: targetValidatorCode(list) }) };
}

export function targetInfo(discovery: Discovery): TargetInfo {
  return {
    capabilities: discovery.capabilities,
    schemas: discovery.schemas,
    ...(discovery.validatorCode && { validateTarget: targetValidator(discovery.schemas, discovery.validatorCode) }),
  };
}
