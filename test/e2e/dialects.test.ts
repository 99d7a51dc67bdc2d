import { afterEach, describe, expect, it } from 'vitest';
import {
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';

const TOKEN = 'dialects-token-1a2b3c4d';
let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const MANAGER = `${ENTERPRISE}:manager`;

/** Runs a profile's tutorial scenarios and returns the requests the reference server received. */
async function requestsSentBy(profile: string): Promise<RecordedRequest[]> {
  const received: RecordedRequest[] = [];
  server = await startReferenceServer({ token: TOKEN, onRequest: (req) => received.push(req) });
  const result = await cli(
    ['run', '--target', server.baseUrl, '--profile', profile, '--no-html', '--out', outDir()].concat(
      ['single-user', 'groups', 'deprovision'].flatMap((s) => ['--scenario', s]),
    ),
    { SCIM_TOKEN: TOKEN },
  );
  expect(result.code, result.stdout).toBe(0);
  return received;
}

const patchOps = (requests: RecordedRequest[]): PatchOperation[] =>
  requests
    .filter((req) => req.method === 'PATCH')
    .flatMap((req) => (req.body as { Operations: PatchOperation[] }).Operations);

/** Runs a profile's tutorial scenarios and returns the PATCH operations the reference server received. */
const patchesSentBy = async (profile: string) => patchOps(await requestsSentBy(profile));

/** The manager of every POST /Users body that carries one. */
const postedManagers = (requests: RecordedRequest[]): unknown[] =>
  requests
    .filter((req) => req.method === 'POST' && /\/Users$/.test(req.url))
    .map((req) => (req.body as Record<string, { manager?: unknown } | undefined>)[ENTERPRISE]?.manager)
    .filter((manager) => manager !== undefined);

/** The manager shapes of shared doc §3 U9, with the dialect's op case: Entra's bare id, the Validator's object, the legacy array. */
function expectManagerShapes(requests: RecordedRequest[], [add, replace, remove]: [string, string, string]): void {
  const ops = patchOps(requests);
  expect(postedManagers(requests)).toContainEqual(expect.any(String));
  expect(ops).toContainEqual({ op: add, path: MANAGER, value: expect.any(String) });
  expect(ops).toContainEqual({ op: replace, path: MANAGER, value: { value: expect.any(String) } });
  expect(ops).toContainEqual({ op: replace, path: MANAGER, value: { value: '' } });
  expect(ops).toContainEqual({ op: remove, path: MANAGER });
  expect(ops).toContainEqual({
    op: add,
    path: 'manager',
    value: [expect.objectContaining({ value: expect.any(String) })],
  });
}

/** The Validator's long PATCH: at least 20 operations in one request. */
const longestPatch = (requests: RecordedRequest[]): number =>
  Math.max(
    ...requests
      .filter((req) => req.method === 'PATCH')
      .map((req) => (req.body as { Operations: PatchOperation[] }).Operations.length),
  );

describe('what each profile sends on the wire', () => {
  it("should send Entra's default dialect for the entra profile", async () => {
    const requests = await requestsSentBy('entra');
    const ops = patchOps(requests);
    expect(new Set(ops.map((op) => op.op))).toEqual(new Set(['Replace', 'Add', 'Remove']));
    expect(ops).toContainEqual({ op: 'Replace', path: 'active', value: 'False' });
    expect(ops).toContainEqual({ op: 'Replace', path: 'active', value: 'True' });
    expect(ops).toContainEqual(expect.objectContaining({ op: 'Replace', path: 'emails[type eq "work"].value' }));
    // Member removal: path "members" with a value list (the shape a strict RFC reading turns into "remove all").
    expect(ops).toContainEqual({ op: 'Remove', path: 'members', value: [{ $ref: null, value: expect.any(String) }] });
    // Entra's engine always names a path; only the validation template's Null_Update and the Validator's group
    // "Replace Attributes" test go without one.
    expect(ops.filter((op) => op.path === undefined)).toEqual([
      { op: 'Replace', value: { title: '', [`${ENTERPRISE}:department`]: null } },
      { op: 'Replace', value: { externalId: expect.any(String), displayName: expect.any(String) } },
    ]);
    expectManagerShapes(requests, ['Add', 'Replace', 'Remove']);
    expect(longestPatch(requests)).toBeGreaterThanOrEqual(20);
  });

  it('should send the aadOptscim062020 dialect for the entra-compliant profile', async () => {
    const requests = await requestsSentBy('entra-compliant');
    const ops = patchOps(requests);
    expect(new Set(ops.map((op) => op.op))).toEqual(new Set(['replace', 'add', 'remove']));
    expect(ops).toContainEqual({ op: 'replace', path: 'active', value: false });
    expect(ops).toContainEqual({ op: 'replace', path: 'active', value: true });
    // A path-less replace whose value uses dotted keys.
    expect(ops).toContainEqual({ op: 'replace', value: { 'name.familyName': 'Updated' } });
    expect(ops).toContainEqual({ op: 'remove', path: expect.stringMatching(/^members\[value eq ".+"\]$/) });
    expect(ops.some((op) => typeof op.value === 'string' && /^(True|False)$/.test(op.value))).toBe(false);
    expectManagerShapes(requests, ['add', 'replace', 'remove']);
    expect(longestPatch(requests)).toBeGreaterThanOrEqual(20);
  });

  it("should send Zscaler's mappings (URN department path, no emails) for the zscaler profile", async () => {
    const ops = await patchesSentBy('zscaler');
    expect(ops).toContainEqual({
      op: 'Replace',
      path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
      value: expect.any(String),
    });
    expect(ops.some((op) => op.path?.startsWith('emails'))).toBe(false);
  });
});
