/**
 * `--mapping`: what an app's own attribute mapping puts on the wire, recorded by the reference
 * server's request log, and what a mapping the target cannot take yields.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  parseSchemaExtensions,
  startReferenceServer,
  type RecordedRequest,
  type RunningReferenceServer,
} from '../../src/reference-server/index.js';
import type { Summary } from '../../src/report/summary.js';
import { cli, outDir } from './cli.js';

const TOKEN = 'mappings-token-5e6f7a8b';
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'mappings');
const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
const ACME_SCHEMA = parseSchemaExtensions(readFileSync(join(FIXTURES, 'acme-schema.json'), 'utf8'));
const USER_SCENARIOS = ['discovery', 'test-connection', 'single-user', 'groups', 'restart', 'deprovision'];

let server: RunningReferenceServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Played {
  code: number;
  stdout: string;
  requests: RecordedRequest[];
  summary?: Summary;
}

/** Runs the tutorial scenarios with `--mapping` against a reference server and returns what it received. */
async function play(mapping: string, options: { acme?: boolean; profile?: string } = {}): Promise<Played> {
  const requests: RecordedRequest[] = [];
  server = await startReferenceServer({
    token: TOKEN,
    onRequest: (req) => requests.push(req),
    ...(options.acme && { userExtensions: ACME_SCHEMA }),
  });
  const out = outDir();
  const result = await cli(
    ['run', '--target', server.baseUrl, '--profile', options.profile ?? 'entra', '--mapping', mapping]
      .concat(['--no-html', '--out', out, '--seed', '14'])
      .concat(USER_SCENARIOS.flatMap((s) => ['--scenario', s])),
    { SCIM_TOKEN: TOKEN },
  );
  let summary: Summary | undefined;
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  } catch {
    summary = undefined;
  }
  return { code: result.code, stdout: result.stdout + result.stderr, requests, ...(summary && { summary }) };
}

/** Requests to one resource of `collection` (`/Users/{id}`). */
const writes = (requests: RecordedRequest[], method: string, collection: string) =>
  requests.filter((r) => r.method === method && new URL(r.url, 'http://x').pathname.includes(`${collection}/`));
const bodies = (requests: RecordedRequest[]) =>
  requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').map((r) => JSON.stringify(r.body));

describe('--mapping with an Entra export', () => {
  it('should send the custom extension attribute under its URN, match by externalId, and nothing unmapped', async () => {
    const played = await play(join(FIXTURES, 'acme-extension.json'), { acme: true });
    expect(played.code, played.stdout).toBe(0);
    const posts = played.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/Users'));
    expect(posts.length).toBeGreaterThan(3);
    for (const post of posts) {
      const body = post.body as Record<string, unknown>;
      expect(body.schemas).toContain(ACME);
      expect(body[ACME]).toEqual({ costCenter: expect.any(String) });
    }
    const userPatches = writes(played.requests, 'PATCH', '/Users');
    const ops = userPatches.flatMap((r) => (r.body as { Operations: { op: string; path?: string }[] }).Operations);
    expect(ops).toContainEqual({ op: 'Replace', path: `${ACME}:costCenter`, value: expect.any(String) });
    // Test Connection and the first lookup filter on the matching attribute, externalId.
    const filters = played.requests
      .filter((r) => r.method === 'GET')
      .map((r) => new URL(r.url, 'http://x').searchParams.get('filter'))
      .filter((f): f is string => f !== null);
    expect(filters).toContainEqual(expect.stringMatching(/^externalId eq "[0-9a-f-]{36}"$/));
    expect(filters.some((f) => f.startsWith('userName eq "') && /[0-9a-f]{8}-[0-9a-f]{4}-4/.test(f))).toBe(false);
    // Nothing found by externalId: Entra tries the next matching attribute, userName.
    const fallback = filters.findIndex(
      (f, i) => f.startsWith('userName eq "scimconf-') && filters[i - 1]?.startsWith('externalId eq "'),
    );
    expect(fallback, filters.join('\n')).toBeGreaterThan(0);
    // Unmapped: title, addresses, phone numbers, the enterprise employeeNumber.
    for (const body of bodies(played.requests)) {
      expect(body).not.toMatch(/"title"|addresses|phoneNumbers|employeeNumber/);
    }
    expect(played.summary?.checks.filter((c) => c.id === 'mapping.declared')).toEqual([
      expect.objectContaining({ status: 'passed' }),
    ]);
  }, 240_000);

  it('should send path-less URN keys under aadOptscim062020', async () => {
    const played = await play(join(FIXTURES, 'acme-extension.json'), { acme: true, profile: 'entra-compliant' });
    expect(played.code, played.stdout).toBe(0);
    const values = writes(played.requests, 'PATCH', '/Users')
      .flatMap((r) => (r.body as { Operations: { path?: string; value?: unknown }[] }).Operations)
      .filter((op) => op.path === undefined)
      .map((op) => op.value as Record<string, unknown>);
    expect(values).toContainEqual(
      expect.objectContaining({ [`${ACME}:costCenter`]: expect.any(String), 'name.givenName': expect.any(String) }),
    );
  }, 240_000);

  it('should send no group traffic when the group object mapping is disabled, and no email', async () => {
    const played = await play(join(FIXTURES, 'gallery-no-groups.json'));
    expect(played.code, played.stdout).toBe(0);
    expect(played.stdout).toMatch(/no group mapping: groups are not tested/);
    expect(played.requests.filter((r) => /\/Groups/i.test(r.url))).toEqual([]);
    for (const body of bodies(played.requests)) expect(body).not.toMatch(/emails/);
  }, 240_000);

  it('should yield exactly one finding naming a mapped attribute the target does not declare', async () => {
    const played = await play(join(FIXTURES, 'acme-extension.json'));
    const failed = played.summary?.checks.filter((c) => c.status === 'failed') ?? [];
    expect(failed, played.stdout).toEqual([
      expect.objectContaining({
        id: 'mapping.declared',
        message: expect.stringMatching(
          new RegExp(
            `${ACME}:costCenter: not declared \\(mapped at test/fixtures/mappings/acme-extension\\.json:\\d+:\\d+ \\(#/synchronizationRules/0/objectMappings/0/attributeMappings/7/targetAttributeName\\)\\)`,
          ),
        ),
      }),
    ]);
  }, 240_000);

  it('should exit 2 on a bad export, with its position and a did-you-mean, sending nothing', async () => {
    const schema = JSON.parse(readFileSync(join(FIXTURES, 'gallery-no-groups.json'), 'utf8'));
    schema.synchronizationRules[0].objectMappings[0].attributeMappings[4].targetAttributeName = 'name.familyname2';
    const file = join(outDir(), 'bad-export.json');
    writeFileSync(file, JSON.stringify(schema, null, 2));
    const played = await play(file);
    expect(played.code).toBe(2);
    expect(played.stdout).toMatch(
      /bad-export\.json:\d+:\d+: #\/synchronizationRules\/0\/objectMappings\/0\/attributeMappings\/4\/targetAttributeName: unknown User attribute "name\.familyname2"; did you mean "name\.familyName"\?/,
    );
    expect(played.stdout).not.toMatch(/\n\s+at /);
    expect(played.requests).toEqual([]);
  }, 60_000);
});

describe('--mapping discover', () => {
  it('should play what the reference server declares, extensions included, and pass', async () => {
    const played = await play('discover', { acme: true });
    expect(played.code, played.stdout).toBe(0);
    expect(played.stdout).toMatch(
      /Attribute mapping: http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/Schemas \(User: \d+ attributes, matching userName; Group: 3 attributes/,
    );
    const post = played.requests.find((r) => r.method === 'POST' && r.url.endsWith('/Users'));
    expect((post?.body as Record<string, unknown>)[ACME]).toEqual({ costCenter: expect.any(String) });
  }, 240_000);
});

describe('mapping in the config file, serve --schema', () => {
  it('should read `mapping:` relative to the config file, and refuse a missing one with exit 2', async () => {
    server = await startReferenceServer({ token: TOKEN });
    const cwd = mkdtempSync(join(tmpdir(), 'scimconf-mapping-'));
    mkdirSync(join(cwd, 'conf', 'maps'), { recursive: true });
    copyFileSync(join(FIXTURES, 'gallery-no-groups.json'), join(cwd, 'conf', 'maps', 'gallery.json'));
    writeFileSync(
      join(cwd, 'conf', 'scim.yaml'),
      'mapping: maps/gallery.json\nscenarios: [test-connection]\nhtml: false\n',
    );
    writeFileSync(join(cwd, 'conf', 'missing.yaml'), 'mapping: maps/nope.json\n');
    const args = ['run', '--target', server.baseUrl, '--out', join(cwd, 'out')];
    const good = await cli([...args, '--config', 'conf/scim.yaml'], { SCIM_TOKEN: TOKEN }, 120_000, cwd);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(
      /Attribute mapping: conf\/maps\/gallery\.json \(User: 7 attributes, matching userName; no group mapping/,
    );
    const missing = await cli([...args, '--config', 'conf/missing.yaml'], { SCIM_TOKEN: TOKEN }, 60_000, cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr + missing.stdout).toMatch(/conf\/maps\/nope\.json: cannot read \(ENOENT\)/);
  }, 180_000);

  it('should refuse a bad --schema file with exit 2, naming the JSON pointer', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'scimconf-schema-')), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User',
        attributes: [{ name: 'costCenter', type: 'text' }],
      }),
    );
    const result = await cli(['serve', '--token', 't', '--port', '0', '--schema', file]);
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toMatch(
      /--schema .*bad\.json: \/attributes\/0\/type: one of string, boolean, .* is expected/,
    );
  }, 60_000);

  it('should declare the extension in /Schemas and /ResourceTypes', async () => {
    server = await startReferenceServer({ token: TOKEN, userExtensions: ACME_SCHEMA });
    const get = async (path: string) =>
      (await (
        await fetch(`${server!.baseUrl}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json()) as Record<string, unknown>;
    expect(await get(`/Schemas/${ACME}`)).toMatchObject({
      id: ACME,
      attributes: [{ name: 'costCenter', type: 'string', mutability: 'readWrite' }],
    });
    expect(await get('/ResourceTypes/User')).toMatchObject({
      schemaExtensions: expect.arrayContaining([{ schema: ACME, required: false }]),
    });
  });
});
