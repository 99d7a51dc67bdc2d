import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matches, parseFilter, parsePatchPath, type EvalContext } from '../../src/reference-server/filter.js';
import type { RunningReferenceServer } from '../../src/reference-server/index.js';
import { USER } from '../../src/reference-server/schemas.js';
import { ENTERPRISE_URN, filterQuery, GROUP_URN, Scim, start, USER_URN } from './helpers.js';

const ctx: EvalContext = { kind: USER, caseExact: (_path, def) => def?.caseExact ?? false };

const bjensen = {
  schemas: [USER_URN, ENTERPRISE_URN],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: 'Bj-701984',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs "The Quote" Jensen',
  nickName: 'Babs',
  title: 'Tour Guide \\ Lead',
  active: true,
  loginCount: 7,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  [ENTERPRISE_URN]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
  },
  meta: { resourceType: 'User', created: '2010-01-23T04:56:22Z', lastModified: '2011-05-13T04:42:34Z' },
};

describe('filter evaluation (RFC 7644 §3.4.2.2)', () => {
  it.each([
    // eq and case rules: userName is caseExact false, id and externalId are caseExact
    ['userName eq "bjensen@example.com"', true],
    ['userName eq "BJENSEN@EXAMPLE.COM"', true],
    ['USERNAME EQ "bjensen@example.com"', true],
    ['externalId eq "Bj-701984"', true],
    ['externalId eq "bj-701984"', false],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    // ne, co, sw, ew
    ['userName ne "someone@example.com"', true],
    ['userName ne "BJENSEN@example.com"', false],
    ['userName co "JENSEN"', true],
    ['userName sw "bjen"', true],
    ['userName sw "jensen"', false],
    ['userName ew "EXAMPLE.COM"', true],
    ['name.givenName co "arb"', true],
    // pr
    ['title pr', true],
    ['emails pr', true],
    ['preferredLanguage pr', false],
    // gt ge lt le on strings, numbers and dateTimes
    ['userName gt "a"', true],
    ['userName lt "a"', false],
    ['loginCount gt 5', true],
    ['loginCount ge 7', true],
    ['loginCount lt 7', false],
    ['loginCount le 7', true],
    ['loginCount eq 7', true],
    ['meta.lastModified gt "2011-05-13T04:42:33Z"', true],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.created lt "2010-01-23T04:56:22.001Z"', true],
    ['meta.created le "2010-01-23T04:56:22Z"', true],
    ['meta.created eq "2010-01-23T04:56:22.000Z"', true],
    // booleans and null
    ['active eq true', true],
    ['active eq false', false],
    ['active ne false', true],
    ['active eq "True"', true],
    ['title eq null', false],
    ['preferredLanguage eq null', true],
    ['preferredLanguage ne null', false],
    // sub-attributes, multi-valued: any value matches
    ['name.familyName eq "jensen"', true],
    ['emails.value eq "babs@jensen.org"', true],
    ['emails.type eq "home"', true],
    ['emails co "jensen.org"', true],
    // value paths: one value must satisfy the whole inner filter
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails[not (type eq "work")]', true],
    ['emails[type eq "work"].value eq "bjensen@example.com"', true],
    ['emails[type eq "home"].value eq "bjensen@example.com"', false],
    // URN-qualified names, core and extension
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bjensen"', true],
    [`${ENTERPRISE_URN}:department eq "tour operations"`, true],
    [`${ENTERPRISE_URN}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ENTERPRISE_URN}:employeeNumber eq 701984`, true],
    // logic and precedence: not > and > or
    ['userName eq "x" or name.familyName eq "Jensen"', true],
    ['userName eq "x" and name.familyName eq "Jensen"', false],
    ['userName eq "x" and title pr or nickName eq "Babs"', true],
    ['userName eq "x" and (title pr or nickName eq "Babs")', false],
    ['nickName eq "Babs" or userName eq "x" and title eq "y"', true],
    ['not (userName eq "x")', true],
    ['not(userName eq "bjensen@example.com")', false],
    ['not (userName eq "x") and not (title eq "y")', true],
    ['((userName pr))', true],
    ['  userName   eq   "bjensen@example.com"  ', true],
    // JSON string escaping
    ['displayName eq "Babs \\"The Quote\\" Jensen"', true],
    ['title eq "Tour Guide \\\\ Lead"', true],
    ['nickName eq "\\u0042abs"', true],
    // Entra's legacy unquoted value
    ['externalId eq Bj-701984', true],
    ['userName eq bjensen@example.com', true],
    ['userName eq bjensen', false],
  ])('%s -> %s', (filter, expected) => {
    expect(matches(parseFilter(filter, USER), bjensen, ctx)).toBe(expected);
  });

  it('parses into the documented tree', () => {
    expect(parseFilter('a eq 1 or not (b pr) and c[d eq "x"]', USER)).toEqual({
      op: 'or',
      left: { op: 'eq', path: ['a'], value: 1 },
      right: {
        op: 'and',
        left: { op: 'not', filter: { op: 'pr', path: ['b'] } },
        right: { op: 'has', path: ['c'], filter: { op: 'eq', path: ['d'], value: 'x' } },
      },
    });
  });

  it.each([
    '',
    'userName',
    'userName eq',
    'userName xx "a"',
    'userName eq "unterminated',
    'userName eq "bad \\x escape"',
    '(userName pr',
    'userName pr)',
    'userName pr and',
    'userName eq "a" "b"',
    'not userName eq "x"',
    '"userName" eq "x"',
    '1abc eq "x"',
    'name.givenName.x eq "a"',
    'emails[type eq "work"',
    'emails[type eq "work"]]',
    'emails[emails[type eq "a"]]',
    'emails[type eq "work"].',
    'active gt true',
    'active lt false',
    'active ge "x"',
    'userName gt true',
    'userName co null',
    'x509Certificates.value gt "a"',
    'meta.created gt "yesterday"',
  ])('rejects %j with 400 invalidFilter', (filter) => {
    expect(() => parseFilter(filter, USER)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
    );
  });
});

describe('PATCH path parsing (RFC 7644 §3.5.2)', () => {
  it.each([
    ['displayName', { path: ['displayName'] }],
    ['name.familyName', { path: ['name', 'familyName'] }],
    [`${ENTERPRISE_URN}:manager`, { path: [ENTERPRISE_URN, 'manager'] }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', { path: ['name', 'givenName'] }],
    [
      'emails[type eq "work"].value',
      { path: ['emails'], filter: { op: 'eq', path: ['type'], value: 'work' }, sub: 'value' },
    ],
    ['members[value eq "x"]', { path: ['members'], filter: { op: 'eq', path: ['value'], value: 'x' } }],
  ])('%s', (text, expected) => {
    expect(parsePatchPath(text, USER)).toEqual({ filter: undefined, sub: undefined, ...expected });
  });

  it.each([
    '',
    'a b',
    'name..x',
    'emails[type eq "work"',
    'emails[type eq "work"].',
    'members[value eq "x"] x',
    'emails[type eq]',
    'urn:ietf:params:scim:schemas:core:2.0:User',
  ])('rejects %j with 400 invalidPath', (text) => {
    expect(() => parsePatchPath(text, USER)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }));
  });
});

describe('filters over HTTP', () => {
  let server: RunningReferenceServer;
  let scim: Scim;
  let alice: { id: string };

  beforeAll(async () => {
    ({ server, scim } = await start());
    alice = await scim.createUser('Alice@Example.com', { externalId: 'jyoung', displayName: 'Alice' });
    await scim.createUser('plus+tag@example.com');
    await scim.createUser('bob@example.com', { active: false });
    await scim.createGroup('Sales Team');
  });
  afterAll(() => server.close());

  const total = async (query: string) => {
    const response = await scim.get(`/Users${query}`);
    expect(response.status).toBe(200);
    return response.body.totalResults;
  };

  it.each([
    ['%20 and %22 encoding', '?filter=userName%20eq%20%22alice%40example.com%22', 1],
    ['+ as space (Entra validator)', '?filter=userName+eq+"alice@example.com"', 1],
    ['+ as space with %22 quotes', '?filter=userName+eq+%22alice@example.com%22', 1],
    ['+ inside a quoted value is a space (form data)', '?filter=userName+eq+"plus+tag@example.com"', 0],
    ['%2B inside a quoted value', '?filter=userName%20eq%20%22plus%2Btag@example.com%22', 1],
    ['legacy unquoted value', '?filter=externalId eq jyoung', 1],
    ['externalId is case-exact', '?filter=externalId+eq+"JYOUNG"', 0],
    ['disabled users are still found (Entra R7)', '?filter=userName+eq+"BOB@example.com"', 1],
    ['random GUID probe finds nothing', `?filter=userName+eq+"${crypto.randomUUID()}"`, 0],
    ['and with a non-indexed clause', '?filter=userName eq "alice@example.com" and displayName eq "Alice"', 1],
    ['id fast path', '', 1],
    ['blank filter means none', '?filter=', 3],
  ])('%s', async (_name, query, expected) => {
    expect(await total(query || filterQuery(`id eq "${alice.id}"`))).toBe(expected);
  });

  it('finds groups by displayName in any case, with excludedAttributes before filter', async () => {
    const response = await scim.get(
      `/Groups?excludedAttributes=members&${filterQuery('displayName eq "SALES team"').slice(1)}`,
    );
    expect(response.body.totalResults).toBe(1);
    expect(response.body.Resources[0].schemas).toEqual([GROUP_URN]);
  });

  it('answers an invalid filter with a 400 invalidFilter Error', async () => {
    const response = await scim.get(`/Users${filterQuery('userName eq')}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: '400', scimType: 'invalidFilter' });
  });
});
