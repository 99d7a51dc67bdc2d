import type { Severity } from '../checks/types.js';

/** A check as a step uses it, with its arguments and any override of severity or reference. */
export interface CheckUse {
  id: string;
  args: Record<string, unknown>;
  severity?: Severity;
  reference?: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  auth?: 'token' | 'none' | 'invalid';
  body?: unknown;
}

export interface Step {
  name: string;
  /** `file:line:col` of the step, for failure messages. */
  location: string;
  request: RequestSpec;
  checks: CheckUse[];
  capture: Record<string, string>;
  creates?: string;
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
