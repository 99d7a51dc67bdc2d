/**
 * Parity with what the clients test: every scored and preview test of Microsoft's SCIM Validator and
 * every test of the gallery validation template (entra-scim-behaviour.md §11, parity-audit.md), with
 * the steps of the `entra` profile that cover it; every step of Okta's SPEC and CRUD tests, with the
 * steps of the `okta` profile. test/parity.test.ts checks every step named here runs in its profile;
 * the README sections are rendered from these tables.
 */

export interface ParityRow {
  id: string;
  test: string;
  /** What the test asserts, where the table shows it. */
  asserts?: string;
  /** `scenario › step` of the entra profile; empty when the test is left out, with `note` saying why. */
  steps: readonly string[];
  note?: string;
}

const at = (scenario: string, ...steps: string[]) => steps.map((step) => `${scenario} › ${step}`);

const USER_DATA = 'generated-data › Generated users are stored as sent and found by userName and externalId';
const PATCHES = "generated-data › Generated PATCHes in the profile's dialect yield the state the model predicts";

/** Microsoft Entra SCIM Validator: 24 scored tests (V) and 7 preview tests (P). */
export const VALIDATOR: readonly ParityRow[] = [
  {
    id: 'V1',
    test: 'Create a new User',
    steps: [
      ...at(
        'single-user',
        "Create the user with Entra's POST body",
        'The rest of the default mapping was stored',
        'Create a user as the SCIM Validator does, its role\'s primary the string "True"',
        'The role sent with primary "True" was stored',
        "Create a report whose manager is a bare id, as Entra's engine sends it",
        'Find the user by userName',
      ),
      USER_DATA,
    ],
  },
  { id: 'V2', test: 'Create a duplicate User (409)', steps: at('single-user', 'Create the same user again') },
  { id: 'V3', test: 'Filter for an existing user', steps: at('single-user', 'Find the user by userName') },
  {
    id: 'V4',
    test: 'Filter for a non-existing user',
    steps: [
      ...at('test-connection', 'Query a user whose matching attribute is a random GUID'),
      ...at('single-user', 'Look the user up by its matching attribute'),
    ],
  },
  {
    id: 'V5',
    test: 'Filter for an existing user with a different case',
    steps: at('single-user', 'Find the user by userName in another letter case'),
  },
  {
    id: 'V6',
    test: 'Patch User - Replace Attributes Verbose',
    steps: at(
      'single-user',
      'Update the whole default mapping in one PATCH of 20 ops, two of them twice',
      'Every op of the long PATCH was applied, the last of two winning',
    ),
  },
  {
    id: 'V7',
    test: 'Update User userName',
    steps: at('single-user', 'Rename the user (Replace userName)', 'Read the new userName back'),
  },
  {
    id: 'V8',
    test: 'Patch User - Disable User',
    steps: at(
      'single-user',
      'Disable the user (active false)',
      'The disabled user is still returned, with active false',
    ),
  },
  {
    id: 'V9',
    test: 'Patch User - Add Manager',
    steps: at(
      'single-user',
      "Add the manager as Entra's engine does, a bare id",
      'The manager added as a bare id is stored as a reference',
      'Add the manager in the legacy form, an array under path manager',
      'The manager added in the legacy form is stored',
    ),
  },
  {
    id: 'V10',
    test: 'Patch User - Replace Manager',
    steps: at(
      'single-user',
      'Replace the manager as the Validator does, with a value object',
      'The manager is the successor',
    ),
  },
  {
    id: 'V11',
    test: 'Patch User - Remove Manager',
    steps: at(
      'single-user',
      'Remove the manager by replacing it with an empty value',
      'The manager replaced with an empty value is gone',
      'Remove the manager with a remove op on its URN path',
      'The removed manager is gone',
    ),
  },
  {
    id: 'V12',
    test: 'Delete a User',
    steps: at('deprovision', 'Delete the user (hard delete in Entra)', 'The deleted user is gone'),
  },
  { id: 'V13', test: 'Get group by id excluding members', steps: at('groups', 'Read the group with members excluded') },
  {
    id: 'V14',
    test: 'Filter for an existing group excluding members',
    steps: at('groups', 'Find the group by displayName, members excluded'),
  },
  {
    id: 'V15',
    test: 'Filter for an existing group',
    steps: at('groups', 'Find the group by displayName, members included'),
  },
  {
    id: 'V16',
    test: 'Filter for a non-existing group',
    steps: at('groups', 'Look the group up by displayName, members excluded'),
  },
  {
    id: 'V17',
    test: 'Filter for an existing group with a different case',
    steps: at('groups', 'Find the group by displayName in another letter case'),
  },
  { id: 'V18', test: 'Create a new Group', steps: at('groups', 'Create the group empty, as Entra does') },
  {
    id: 'V19',
    test: 'Create a duplicate Group (409)',
    steps: at('groups', 'A second group with the same displayName is refused'),
  },
  {
    id: 'V20',
    test: 'Patch Group - Replace Attributes',
    steps: at(
      'groups',
      "Replace the other group's externalId and displayName without a path",
      'The other group holds its new externalId and displayName',
    ),
  },
  {
    id: 'V21',
    test: 'Update Group displayName',
    steps: at('groups', 'Rename the group', 'The group holds both members under its new name'),
  },
  {
    id: 'V22',
    test: 'Patch Group - Add Member',
    steps: at(
      'groups',
      'Add both members in one PATCH',
      'Replace the whole membership with the first member',
      'Only the first member is left after the replace',
    ),
  },
  {
    id: 'V23',
    test: 'Patch Group - Remove Member',
    steps: at('groups', 'Remove the first member', 'Only the second member is left'),
  },
  { id: 'V24', test: 'Delete a Group', steps: at('deprovision', 'Delete the group', 'The deleted group is gone') },
  {
    id: 'P1',
    test: 'Patch User - multiple ops on different attributes',
    steps: [...at('single-user', 'Update the work email and family name'), PATCHES],
  },
  {
    id: 'P2',
    test: 'Patch User - multiple ops on the same attribute',
    steps: at('single-user', 'Every op of the long PATCH was applied, the last of two winning'),
  },
  {
    id: 'P3',
    test: 'Delete a non-existent User',
    steps: at('deprovision', 'Deleting it again answers 404'),
    note: 'a deleted id; GET of an id never issued: pagination › "A user id the target never issued answers 404 with a SCIM error"',
  },
  { id: 'P4', test: 'Delete the same User twice', steps: at('deprovision', 'Deleting it again answers 404') },
  {
    id: 'P5',
    test: 'Patch Group - multiple ops on the same attribute',
    steps: at(
      'groups',
      'Add and remove the second member in one PATCH',
      'The member added then removed is not a member',
    ),
  },
  {
    id: 'P6',
    test: 'Delete a non-existent Group',
    steps: at('groups', 'Deleting a group id the server never issued answers 404'),
  },
  {
    id: 'P7',
    test: 'Delete the same Group twice',
    steps: at('groups', 'Delete the other group', 'Deleting the other group again answers 404'),
  },
];

/** Microsoft's gallery validation template (Logic App): 25 tests. */
export const TEMPLATE: readonly ParityRow[] = [
  {
    id: 'L1',
    test: 'Create_User_Test',
    steps: at('single-user', "Create the user with Entra's POST body", 'Find the user by userName'),
  },
  {
    id: 'L2',
    test: 'Update_User_Test',
    steps: [
      ...at('single-user', 'Update the work email and family name', 'Read the new email and family name back'),
      PATCHES,
    ],
  },
  {
    id: 'L3',
    test: 'Disable_User_Test',
    steps: at('deprovision', 'Disable the user (unassignment)', 'GET still returns the disabled user'),
  },
  {
    id: 'L4',
    test: 'Delete_User_Test',
    steps: at('deprovision', 'The deleted user is gone', 'A query no longer finds the deleted user'),
  },
  {
    id: 'L5',
    test: 'User_Update_Manager_Test',
    steps: at(
      'single-user',
      'Replace the manager as the Validator does, with a value object',
      'Remove the manager by replacing it with an empty value',
      "Add the manager as Entra's engine does, a bare id",
    ),
  },
  {
    id: 'L6',
    test: 'Restore_User_Test',
    steps: at(
      'deprovision',
      'Enable the user again (re-assignment)',
      'The same userName and externalId can be provisioned again',
    ),
  },
  {
    id: 'L7',
    test: 'POD_User_Test',
    steps: at('single-user', "Create the user with Entra's POST body"),
    note: "the SCIM traffic of provisioning on demand; the call to Entra's own provisionOnDemand API is Entra's, not the target's",
  },
  {
    id: 'L8',
    test: 'Create_Group_Test',
    steps: at('groups', 'Create the group empty, as Entra does', 'Find the group by displayName, members excluded'),
  },
  {
    id: 'L9',
    test: 'Update_Group_Test',
    steps: at('groups', 'Rename the group', "Change the group's description", 'The new description was stored'),
  },
  {
    id: 'L10',
    test: 'Delete_Group_Test',
    steps: at('deprovision', 'Delete the group', 'The deleted group is gone'),
  },
  {
    id: 'L11',
    test: 'Group_Update_Add_Member_Test',
    steps: at('groups', 'Add both members in one PATCH', 'The group holds both members under its new name'),
  },
  {
    id: 'L12',
    test: 'Group_Update_Remove_Member_Test',
    steps: at('groups', 'Remove the first member', 'Only the second member is left'),
  },
  {
    id: 'L13',
    test: 'POD_Group_Test',
    steps: at('groups', 'Create the group empty, as Entra does', 'Add both members in one PATCH'),
    note: 'the SCIM traffic only, as for POD_User_Test',
  },
  {
    id: 'L14',
    test: 'Restore_Group_Test',
    steps: [
      ...at(
        'restart',
        'Restart - match the group by displayName, members excluded',
        'Restart - re-add every member Entra knows (A is already there)',
      ),
      ...at('deprovision', 'The same displayName can be provisioned again'),
    ],
  },
  {
    id: 'L15',
    test: 'Schema_Discoverability_Test',
    steps: at(
      'discovery',
      'Read the ServiceProviderConfig',
      'List the resource types',
      'List the schemas and hold the mapping to them',
    ),
  },
  {
    id: 'L16',
    test: 'SCIM_Null_Update_Test',
    steps: at(
      'single-user',
      'Clear the work email with "" and the given name with null, by path',
      'The work email and the given name are gone',
      'Clear the title with "" and the department with null, without a path',
      'The title and the department are gone',
    ),
  },
  {
    id: 'L17',
    test: 'SCIM_User_Create_Test',
    steps: [...at('single-user', "Create the user with Entra's POST body", 'Read the user back by id'), USER_DATA],
  },
  {
    id: 'L18',
    test: 'SCIM_User_Update_Test',
    steps: [
      ...at('single-user', 'Update the work email and family name', 'Read the new email and family name back'),
      PATCHES,
    ],
  },
  {
    id: 'L19',
    test: 'SCIM_Group_Create_Test',
    steps: at('groups', 'Create the group empty, as Entra does', 'Read the group with members excluded'),
  },
  {
    id: 'L20',
    test: 'SCIM_Group_Update_Test',
    steps: at('groups', 'Rename the group', 'The group holds both members under its new name'),
  },
  {
    id: 'L21',
    test: 'Validate_Credentials_Test',
    steps: at(
      'test-connection',
      'The token endpoint issues a Bearer token that lives 60 to 360 minutes',
      'The same query with a wrong token',
    ),
    note: 'the token step runs with --token-url (OAuth 2 client credentials)',
  },
  {
    id: 'L22',
    test: 'Federated_Identity_Test',
    steps: [],
    note: "left out: Entra exchanges its own workload-identity token for the vendor's, which needs an Entra tenant; the alternative to Validate_Credentials_Test",
  },
  {
    id: 'L23',
    test: 'SCIM_User_Pagination_Test',
    steps: at('pagination', 'Create ten users', 'Page through the users, five at a time'),
  },
  {
    id: 'L24',
    test: 'SCIM_Group_Pagination_Test',
    steps: at('pagination', 'Create six groups', 'Page through the groups, five at a time'),
  },
  {
    id: 'L25',
    test: 'SCIM_Update_Manager_Test',
    steps: at(
      'single-user',
      "Add the manager as Entra's engine does, a bare id",
      'Replace the manager as the Validator does, with a value object',
      'Remove the manager by replacing it with an empty value',
      'The manager replaced with an empty value is gone',
    ),
  },
];

/** The template's listed requirements beside its tests. */
export const TEMPLATE_REQUIREMENTS: readonly ParityRow[] = [
  {
    id: 'R1',
    test: 'Filter queries on matching properties return 200, not 404',
    steps: at('test-connection', 'Query a user whose matching attribute is a random GUID'),
  },
  {
    id: 'R2',
    test: 'Empty filter queries return 200 and empty results',
    steps: at('single-user', 'Look the user up by its matching attribute'),
  },
  { id: 'R3', test: 'Multi-member PATCH on /Groups', steps: at('groups', 'Add both members in one PATCH') },
  {
    id: 'R4',
    test: 'At least 25 requests per second',
    steps: at('throughput', "A burst of lookups, creates and updates at Entra's concurrency"),
  },
];

/** Okta's SCIM 2.0 SPEC test (12 steps) and CRUD test, covered by steps of the `okta` profile. */
export const OKTA: readonly ParityRow[] = [
  {
    id: 'SPEC 1',
    test: 'Test Users endpoint (`count=1&startIndex=1`)',
    asserts: '200, ListResponse, paging fields as numbers, fields of `Resources[0]`',
    steps: [
      ...at('import', 'Users, the first page of one'),
      ...at('test-connection', 'Test API Credentials lists two users'),
    ],
    note: "not the fields of `Resources[0]`: on a real tenant the first user may be anyone's (single-user › Read the user back by id checks them on the run's own user)",
  },
  {
    id: 'SPEC 2',
    test: 'Get Users/{id}',
    asserts: '200, fields, the id',
    steps: at('single-user', 'Read the user back by id'),
  },
  {
    id: 'SPEC 3',
    test: 'Invalid user by username',
    asserts: '200, totalResults 0',
    steps: at('test-connection', 'A userName that matches nothing answers an empty ListResponse'),
  },
  {
    id: 'SPEC 4',
    test: 'Invalid user by id',
    asserts: '404, `detail`, Error URN',
    steps: at('test-connection', 'An id that does not exist answers 404 with a detail'),
  },
  {
    id: 'SPEC 5',
    test: 'Random user does not exist',
    asserts: '200, totalResults 0',
    steps: at('single-user', 'Look the user up by userName, as Okta does on assignment'),
  },
  {
    id: 'SPEC 6',
    test: 'Create user (`application/json`)',
    asserts: '201, active, id, names echoed',
    steps: at('single-user', "Create the user with Okta's body, as application/json"),
  },
  {
    id: 'SPEC 7',
    test: 'Verify the user',
    asserts: 'userName and names equal',
    steps: at('single-user', 'Read the user back by id'),
  },
  {
    id: 'SPEC 8',
    test: 'Recreate the same user',
    asserts: '409',
    steps: at('single-user', 'Create the same user again'),
  },
  {
    id: 'SPEC 9',
    test: 'Username case check',
    asserts: '200 (the harness also wants the user found)',
    steps: at('single-user', 'Find the user by userName in upper case'),
  },
  {
    id: 'SPEC 10',
    test: '(optional) Groups endpoint',
    asserts: '200 within 600 ms',
    steps: at('test-connection', 'The groups endpoint answers a page of 100'),
    note: 'no time limit',
  },
  {
    id: 'SPEC 11',
    test: 'Check 401 (`Authorization: non-token`)',
    asserts: '401, `detail`, status "401", Error URN',
    steps: at('test-connection', 'A request without valid credentials answers 401 with a detail'),
  },
  {
    id: 'SPEC 12',
    test: 'Check 404',
    asserts: '404, `detail`, status "404", Error URN',
    steps: at('test-connection', 'An id that does not exist answers 404 with a detail'),
  },
  {
    id: 'CRUD 1',
    test: 'Assign a user',
    asserts: 'found by `userName eq`, names and email equal',
    steps: at(
      'single-user',
      'Look the user up by userName, as Okta does on assignment',
      "Create the user with Okta's body, as application/json",
      'Find the user by userName in upper case',
    ),
  },
  {
    id: 'CRUD 2',
    test: 'Update the first name',
    asserts: '`name.givenName` updated',
    steps: at(
      'single-user',
      'Update the profile with a PUT of the whole user',
      'The PUT kept every attribute it carried, active included',
    ),
  },
  {
    id: 'CRUD 3',
    test: 'Deactivate',
    asserts: '`active` false',
    steps: at(
      'single-user',
      'Deactivate the user with a path-less replace of active',
      'The deactivated user is still returned, with active false',
    ),
  },
  {
    id: 'CRUD 4',
    test: 'Reactivate',
    asserts: '`active` true',
    steps: at('single-user', 'Reactivate the user with a path-less replace of active', 'The user is active again'),
  },
  {
    id: 'CRUD 5',
    test: 'Remove the assignment',
    asserts: '`active` false, the user kept',
    steps: at(
      'deprovision',
      'Unassign the user, which Okta sends as a deactivation',
      'The unassigned user is kept, with active false',
    ),
  },
];

const cell = (text: string) => text.replace(/\|/g, '\\|');

function table(rows: readonly ParityRow[]): string[] {
  return [
    '| # | Microsoft test | covered by (`entra` profile, scenario › step) |',
    '|---|---|---|',
    ...rows.map(
      ({ id, test, steps, note }) =>
        `| ${id} | ${cell(test)} | ${cell([steps.join('; '), note].filter(Boolean).join(' — '))} |`,
    ),
  ];
}

/** The README section for Okta's tests. */
export function renderOktaParity(): string {
  return [
    "Okta's SPEC test assumes a user already exists; the profile creates its own first. Parity with Okta's",
    'SCIM 2.0 SPEC test (12 steps) and CRUD test, with the steps of the `okta` profile that cover each',
    '(`test/parity.test.ts` checks that every step named here runs in the profile):',
    '',
    '| Okta test step | what it asserts | covered by (`okta` profile, scenario › step) |',
    '|---|---|---|',
    ...OKTA.map(
      ({ id, test, asserts, steps, note }) =>
        `| ${id} ${cell(test)} | ${cell(asserts ?? '')} | ${cell([steps.join('; '), note].filter(Boolean).join(' — '))} |`,
    ),
  ].join('\n');
}

/** The README section. */
export function renderMicrosoftParity(): string {
  return [
    "Every test of Microsoft's SCIM Validator (24 scored, 7 preview) and of the gallery validation template",
    '(25 tests and its listed requirements), with the steps of the default `entra` profile that cover it',
    '(`entra-compliant` and `zscaler` run the same steps in their dialect and mapping). `test/parity.test.ts`',
    'checks that every step named here runs in the profile.',
    '',
    '**SCIM Validator**',
    '',
    ...table(VALIDATOR),
    '',
    '**Gallery validation template**',
    '',
    ...table([...TEMPLATE, ...TEMPLATE_REQUIREMENTS]),
  ].join('\n');
}
