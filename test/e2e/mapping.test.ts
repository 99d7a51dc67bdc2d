/**
 * Issue 11, "send and demand only what the client would send": a target whose /Schemas declares
 * no nickName and no title is never sent them by generated data, and the run says so once, as
 * information, without a failure.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { cli, outDir } from './cli.js';
import { startProxy } from './servers.js';
import { readSummary } from './reports.js';

const TOKEN = 'mapping-e2e-token-5c1d7e9a3b';
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const UNDECLARED = ['nickName', 'title'];

/** Drops the undeclared attributes from the User schema, as listed and as a single resource. */
function withoutUndeclared(body: string): string {
  const json = JSON.parse(body);
  for (const schema of json.Resources ?? [json]) {
    if (schema.id === USER_URN) schema.attributes = schema.attributes.filter((a: any) => !UNDECLARED.includes(a.name));
  }
  return JSON.stringify(json);
}

describe('attribute mapping against a target that declares less', () => {
  it(
    'should neither send nor demand undeclared attributes, and report them once as not tested',
    { timeout: 120_000 },
    async () => {
      const server = await startReferenceServer({ token: TOKEN });
      const sent: string[] = [];
      const proxy = await startProxy({
        upstream: server.baseUrl,
        transform: (answer, req, requestBody) => {
          sent.push(requestBody);
          return req.url?.startsWith(new URL(server.baseUrl).pathname + '/Schemas') && answer.status === 200
            ? { ...answer, body: withoutUndeclared(answer.body) }
            : answer;
        },
      });
      const out = outDir();
      try {
        // Act
        const result = await cli(
          [
            'run',
            '--target',
            proxy.baseUrl,
            '--profile',
            'rfc7644',
            '--scenario',
            'generated-data',
            '--runs',
            '15',
          ].concat(['--out', out, '--no-html', '--seed', '3']),
          { SCIM_TOKEN: TOKEN },
        );
        const summary = readSummary(out);

        // Assert
        expect(result.code, result.stdout).toBe(0);
        expect(summary.notTested).toEqual(UNDECLARED);
        expect(
          result.stdout.match(/Not tested: the target declares no nickName, title \(rfc7643 mapping\)/g),
        ).toHaveLength(1);
        const bodies = sent.filter((body) => body !== '');
        expect(bodies.length).toBeGreaterThan(0);
        expect(bodies.filter((body) => /"(nickName|title)"/i.test(body))).toEqual([]);
      } finally {
        rmSync(out, { recursive: true, force: true });
        await proxy.close();
        await server.close();
      }
    },
  );
});
