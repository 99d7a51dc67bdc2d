/**
 * User Timing marks of a run's phases (a scenario's own are in ScenarioProgressReporter), for
 * `npm run bench:suite` and for profiles taken with --cpu-prof.
 */
export const PHASE = {
  /** Vitest has started: its worker is loading the suite. */
  vitest: 'scim:vitest',
  discovery: 'scim:discovery',
  suite: 'scim:suite',
  reports: 'scim:reports',
  done: 'scim:done',
} as const;
