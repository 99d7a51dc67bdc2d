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

/** Runs a profile's tutorial scenarios and returns the PATCH operations the reference server received. */
async function patchesSentBy(profile: string): Promise<PatchOperation[]> {
  const received: RecordedRequest[] = [];
  server = await startReferenceServer({ token: TOKEN, onRequest: (req) => received.push(req) });
  const result = await cli(
    ['run', '--target', server.baseUrl, '--profile', profile, '--no-html', '--out', outDir()].concat(
      ['single-user', 'groups', 'deprovision'].flatMap((s) => ['--scenario', s]),
    ),
    { SCIM_TOKEN: TOKEN },
  );
  expect(result.code, result.stdout).toBe(0);
  return received
    .filter((req) => req.method === 'PATCH')
    .flatMap((req) => (req.body as { Operations: PatchOperation[] }).Operations);
}

describe('what each profile sends on the wire', () => {
  it("should send Entra's default dialect for the entra profile", async () => {
    const ops = await patchesSentBy('entra');
    expect(new Set(ops.map((op) => op.op))).toEqual(new Set(['Replace', 'Add', 'Remove']));
    expect(ops).toContainEqual({ op: 'Replace', path: 'active', value: 'False' });
    expect(ops).toContainEqual({ op: 'Replace', path: 'active', value: 'True' });
    expect(ops).toContainEqual(expect.objectContaining({ op: 'Replace', path: 'emails[type eq "work"].value' }));
    // Member removal: path "members" with a value list (the shape a strict RFC reading turns into "remove all").
    expect(ops).toContainEqual({ op: 'Remove', path: 'members', value: [{ $ref: null, value: expect.any(String) }] });
    expect(ops.every((op) => op.path !== undefined)).toBe(true);
  });

  it('should send the aadOptscim062020 dialect for the entra-compliant profile', async () => {
    const ops = await patchesSentBy('entra-compliant');
    expect(new Set(ops.map((op) => op.op))).toEqual(new Set(['replace', 'add', 'remove']));
    expect(ops).toContainEqual({ op: 'replace', path: 'active', value: false });
    expect(ops).toContainEqual({ op: 'replace', path: 'active', value: true });
    // A path-less replace whose value uses dotted keys.
    expect(ops).toContainEqual({ op: 'replace', value: { 'name.familyName': 'Updated' } });
    expect(ops).toContainEqual({ op: 'remove', path: expect.stringMatching(/^members\[value eq ".+"\]$/) });
    expect(ops.some((op) => typeof op.value === 'string' && /^(True|False)$/.test(op.value))).toBe(false);
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
