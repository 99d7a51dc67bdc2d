import fc from 'fast-check';
import { WORK_EMAIL, type UserAttributes } from './attributes.js';
import { text } from './text.js';

/**
 * A generated User: only the generated parts. The model builds the values sent around them with
 * the run tag and a label (RFC 7643 §4.1), so every resource is recognisable and unique per run.
 */
export interface UserSpec {
  userName: string;
  externalId: string;
  displayName: string;
  /** The local part of the work email; absent for mappings without emails (Zscaler). */
  email?: string;
  active: boolean;
  /** Optional free-text attributes by SCIM path (RFC 7644 §3.10), core and enterprise. */
  attributes: Partial<Record<string, string>>;
}

/** A generated Group (RFC 7643 §4.2): the generated parts of its displayName and externalId. */
export interface GroupSpec {
  displayName: string;
  externalId: string;
}

/** One attribute a PATCH sets (or, with null, removes) by SCIM path; `active` takes a boolean. */
export type UserChange = { path: 'active'; value: boolean } | { path: string; value: string | null };

/** Generated Users, with the attributes the profile's mapping sends. */
export function userSpec(mapped: UserAttributes): fc.Arbitrary<UserSpec> {
  const attributes = fc.record(Object.fromEntries(mapped.freeText.map((path) => [path, text(64)])), {
    requiredKeys: [],
  });
  return fc.record({
    userName: text(32),
    externalId: text(32),
    displayName: text(128, 'medium'),
    ...(mapped.workEmail && { email: text(32) }),
    active: fc.boolean(),
    attributes,
  });
}

export const groupSpec: fc.Arbitrary<GroupSpec> = fc.record({ displayName: text(64, 'medium'), externalId: text(32) });

/** One to four changes to distinct attributes: what Entra sends when a user's attributes change. */
export function userChanges(mapped: UserAttributes): fc.Arbitrary<UserChange[]> {
  const renamed = ['userName', 'displayName', ...(mapped.workEmail ? [WORK_EMAIL] : [])];
  const change = fc.oneof(
    fc.record({ path: fc.constant('active' as const), value: fc.boolean() }),
    fc.record({ path: fc.constantFrom(...renamed), value: text(32) }),
    ...(mapped.freeText.length > 0
      ? [fc.record({ path: fc.constantFrom(...mapped.freeText), value: fc.option(text(64), { nil: null }) })]
      : []),
  );
  return fc.uniqueArray(change, { minLength: 1, maxLength: 4, selector: (c) => c.path });
}
