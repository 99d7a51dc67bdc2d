import type { Impact, Severity } from '../checks/types.js';

/**
 * How the client phrases its requests: Entra's default dialect, its aadOptscim062020 one, plain RFC 7644,
 * or Okta's (profile updates by PUT of the whole user, path-less replaces, members with display).
 */
export type Dialect = 'entra' | 'aadOptscim062020' | 'rfc7644' | 'okta';
/** The name of an attribute mapping, scenarios/mappings/<name>.yaml (see src/model/mapping.ts). */
export type Mapping = string;
/** ServiceProviderConfig features (RFC 7643 §5) a step may depend on. */
export type Capability = 'patch' | 'bulk' | 'filter' | 'changePassword' | 'sort' | 'etag';

/** What a profile fixes for every step of a run. */
export interface Variant {
  dialect: Dialect;
  mapping: Mapping;
}

/** A check as a step uses it, with its arguments and any override of severity or reference. */
export interface CheckUse {
  id: string;
  args: Record<string, unknown>;
  severity?: Severity;
  /** Impact on the profile's client for this use, overriding the profile's and the registry's. */
  impact?: Impact;
  reference?: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  auth?: 'token' | 'none' | 'invalid';
  body?: unknown;
  /** A body derived from the run's attribute mapping; wins over `body` and `bodyFor`. */
  bodyFrom?: { object: 'User' | 'Group'; op: 'create' | 'update'; values?: Record<string, unknown> };
  /** Body per dialect or mapping; the dialect's wins over the mapping's, `body` is the fallback. */
  bodyFor?: Partial<Record<Dialect | Mapping, unknown>>;
}

export interface Step {
  name: string;
  /** `file:line:col` of the step, for failure messages. */
  location: string;
  /** A step is one request, or one named engine action (`{ type, ...params }`). */
  request?: RequestSpec;
  action?: { type: string } & Record<string, unknown>;
  checks: CheckUse[];
  capture: Record<string, string>;
  creates?: string;
  /** Run only for these dialects / mappings, when the mapping maps these object types / User attributes, when the target declares these. */
  when?: {
    dialect?: Dialect[];
    mapping?: Mapping[];
    objects?: Array<'User' | 'Group'>;
    mapped?: string[];
    /** Attributes the target's /Schemas must declare (`Group <path>` for a Group's). */
    declared?: string[];
    /** Whether the User mapping has a second matching attribute (matching precedence 2). */
    fallback?: boolean;
    /** How the run authenticates: a static Secret Token, or OAuth 2 client credentials (--token-url). */
    auth?: Array<'token' | 'oauth'>;
  };
  requires?: Capability[];
  /**
   * The optional feature the step probes (`sort`, `filter.sw`, `bulk`, `me`, `put`, …): a refusal the
   * RFC allows is recorded as a capability observation instead of check failures.
   */
  probes?: string;
  /** Send the request this many times, rendered afresh each time (every `{{gen.*}}` draws anew). */
  repeat?: number;
}

export interface Scenario {
  name: string;
  title: string;
  description?: string;
  file: string;
  tutorial?: { step: number; title: string };
  reference?: string;
  vars: Record<string, unknown>;
  steps: Step[];
}
