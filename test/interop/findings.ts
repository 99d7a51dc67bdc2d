/**
 * What the harness reports against the scimmy server, grouped into the findings of
 * docs/interop-scimmy.md (each id is a heading there). A failure is `scenario › step › check id`;
 * a profile expects the failures of the scenarios it runs.
 */

/**
 * A failure every profile running its scenario reports, or only the listed profiles; `anyOf`: one
 * of these, for a property that stops at whichever of several deviations it meets first.
 */
type Failure =
  string | { failure: string; profiles: readonly string[] } | { anyOf: readonly string[]; profiles: readonly string[] };

export interface Finding {
  id: string;
  failures: readonly Failure[];
}

const USER_DATA = 'generated-data › Generated users are stored as sent and found by userName and externalId';
const PATCHES = "generated-data › Generated PATCHes in the profile's dialect yield the state the model predicts";
const SEQUENCES = 'generated-data › Generated operation sequences keep the target equal to the model';

const BURST = "throughput › A burst of lookups, creates and updates at Entra's concurrency";

const atSteps = (check: string, steps: Record<string, readonly string[]>) =>
  Object.entries(steps).flatMap(([scenario, names]) => names.map((step) => `${scenario} › ${step} › ${check}`));

export const FINDINGS: readonly Finding[] = [
  {
    id: 'no-location-header',
    failures: [
      // The entra mapping creates the user with Entra's literal POST; rfc7643 (profile rfc7644) with its mapped attributes.
      {
        failure: "single-user › Create the user with Entra's POST body › http.location-header",
        profiles: ['entra', 'entra-compliant'],
      },
      {
        failure: "single-user › Create the user with the app's mapped attributes › http.location-header",
        profiles: ['rfc7644'],
      },
      ...atSteps('http.location-header', {
        'single-user': ["Provision the user's manager", "Provision the manager's successor"],
        groups: [
          'Provision the first member',
          'Provision the second member',
          'Provision another group',
          'Create the group empty, as Entra does',
        ],
        restart: [
          'Initial cycle - provision user A',
          'Initial cycle - provision user B',
          'Initial cycle - provision the group with both members',
          'Initial cycle - provision a second group',
        ],
        deprovision: [
          'Provision a colleague who stays',
          'Provision the user',
          'Provision a group with the user as member',
          'The same userName and externalId can be provisioned again',
          'The same displayName can be provisioned again',
        ],
        filters: ['Create Alice', 'Create Bob', 'Create Carol'],
        paging: ['Create user 1', 'Create user 2', 'Create user 3'],
        lifecycle: ['Create a user with a client-chosen id and meta'],
        // A repeated step fails once per request.
        pagination: [
          ...Array<string>(10).fill('Create ten users'),
          'Create a user with Content-Type application/json',
          ...Array<string>(6).fill('Create six groups'),
        ],
        'okta/single-user': ["Create the user with Okta's body, as application/json"],
        'okta/groups': [
          'Provision the first member',
          'Provision the second member',
          'Push the group with displayName and no members',
        ],
        'okta/import': [
          'A first user to import',
          'A second user to import',
          'A first group to import',
          'A second group to import',
        ],
        'okta/deprovision': ['Provision the user'],
      }),
    ],
  },
  {
    id: 'no-www-authenticate',
    failures: [
      'test-connection › The same query without a token › auth.www-authenticate',
      'test-connection › The same query with a wrong token › auth.www-authenticate',
      'okta/test-connection › A request without valid credentials answers 401 with a detail › auth.www-authenticate',
    ],
  },
  {
    id: 'case-sensitive-filters',
    failures: [
      'single-user › Find the user by userName in another letter case › list.total-results',
      'groups › Find the group by displayName in another letter case › list.total-results',
      'restart › Restart - match user A by userName (another letter case) › list.total-results',
      'restart › Restart - match user A by userName (another letter case) › json.matches',
      'filters › co and ew › list.total-results',
      'filters › co and ew › json.matches',
      // Its userName value differs from the stored one in case only ("…@contoso" against "…@Contoso").
      'filters › Attribute names and operators in any case › list.total-results',
      'filters › Attribute names and operators in any case › json.matches',
      'okta/single-user › Find the user by userName in upper case › list.total-results',
      `${USER_DATA} › property.filter-username-case`,
      { failure: `${SEQUENCES} › property.filter-username-case`, profiles: ['entra-compliant', 'rfc7644', 'okta'] },
      // In the default dialect a generated sequence may meet a string boolean first.
      {
        anyOf: [`${SEQUENCES} › property.filter-username-case`, `${SEQUENCES} › property.patch-model`],
        profiles: ['entra'],
      },
    ],
  },
  {
    id: 'string-booleans-rejected',
    // Only Entra's default dialect sends "True"/"False".
    failures: [
      'single-user › Disable the user (active false) › http.status',
      'single-user › The disabled user is still returned, with active false › json.matches',
      'deprovision › Disable the user (unassignment) › http.status',
      'deprovision › GET still returns the disabled user › json.matches',
      'deprovision › A filter query still finds the disabled user › json.matches',
      'deprovision › Enable the user again (re-assignment) › http.status',
      `${PATCHES} › property.patch-model`,
      `${BURST} › load.responses`,
      `${BURST} › load.final-state`,
    ].map((failure) => ({ failure, profiles: ['entra'] })),
  },
  {
    id: 'manager-bare-id-and-legacy-array-refused',
    // Only the Entra dialects send the manager shapes of Entra's engine (shared doc §3 U9).
    failures: [
      "single-user › Create a report whose manager is a bare id, as Entra's engine sends it › http.status",
      "single-user › Add the manager as Entra's engine does, a bare id › http.status",
      'single-user › The manager added as a bare id is stored as a reference › json.matches',
      'single-user › Add the manager in the legacy form, an array under path manager › http.status',
      'single-user › The manager added in the legacy form is stored › json.matches',
    ].map((failure) => ({ failure, profiles: ['entra', 'entra-compliant'] })),
  },
  {
    id: 'string-primary-rejected',
    failures: [
      {
        failure:
          'single-user › Create a user as the SCIM Validator does, its role\'s primary the string "True" › http.status',
        profiles: ['entra', 'entra-compliant'],
      },
    ],
  },
  {
    id: 'member-readd-duplicates',
    failures: [
      'restart › The group equals what Entra holds › json.matches',
      'generated-data › Re-adding existing members changes nothing › property.member-readd',
    ],
  },
  { id: 'invalid-filter-accepted', failures: ['filters › An unparsable filter is a 400 invalidFilter › http.status'] },
  {
    id: 'paging-ignored-on-express-5',
    failures: [
      'paging › The first page of two › list.page',
      'paging › The last page › list.page',
      'paging › count=0 returns only totalResults › list.page',
      'pagination › List users without a filter, one at a time › list.page',
      'pagination › Page through the users, five at a time › list.page',
      'pagination › Page through the groups, five at a time › list.page',
      // Okta's connection test and import page without a filter; itemsPerPage is always 20.
      ...atSteps('list.page', {
        'okta/test-connection': ['Test API Credentials lists two users', 'The groups endpoint answers a page of 100'],
        'okta/import': [
          'Users, the first page of one',
          'Users, the second page of one',
          'Users, a page of 100 as Okta imports',
          'Import every user, one page at a time',
          'Groups, the first page of one',
          'Groups, the second page of one',
          'Groups, a page of 100 as Okta imports',
          'Import every group, one page at a time',
        ],
      }),
    ],
  },
  {
    id: 'value-path-crash-without-attribute',
    failures: ['filters › A value path on a multi-valued attribute › http.status'],
  },
];

/**
 * The failures `profile` should report when it runs `scenarios`, sorted; of alternatives, the one
 * the run `reported` (the first when it reported none).
 */
export function expectedFailures(profile: string, scenarios: readonly string[], reported: readonly string[]): string[] {
  return FINDINGS.flatMap((f) => f.failures)
    .flatMap((f) => {
      if (typeof f === 'string') return [f];
      if (!f.profiles.includes(profile)) return [];
      return 'anyOf' in f ? [f.anyOf.find((a) => reported.includes(a)) ?? f.anyOf[0]] : [f.failure];
    })
    .filter((failure) => scenarios.includes(failure.split(' › ')[0]))
    .sort();
}
