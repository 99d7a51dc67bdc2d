/**
 * The experiment of issue 18, for every check: a check that crashes must not pass for a working
 * one. A throwing stand-in replaces the check in the registry, and the scenarios of the detection
 * row that proves the check are run through the engine (in process, so the stand-in is the one
 * used) against the reference server with that row's fault: the run must end in a harness error
 * naming the check, which the CLI turns into exit 3 (the path E_UNSAFE takes too, see safety.test.ts)
 * and the matrix row into a failure. Sequential: the registry is shared by the whole file.
 */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import type { CheckDefinition } from '../../src/checks/types.js';
import { ScimClient } from '../../src/http/client.js';
import { startReferenceServer } from '../../src/reference-server/index.js';
import { ENGINE_ACTIONS } from '../../src/runner/actions.js';
import { loadProfile, selectScenarioFiles } from '../../src/runner/select.js';
import { discover, targetInfo } from '../../src/scenario/discovery.js';
import { runScenario } from '../../src/scenario/engine.js';
import { TargetHealth } from '../../src/scenario/health.js';
import { loadScenario } from '../../src/scenario/load.js';
import { OwnedResources } from '../../src/scenario/ownership.js';
import { schemaValidator } from '../../src/schemas/validator.js';
import { CAUGHT_OUTSIDE_THE_MATRIX, DETECTIONS, scenariosOf, type Detection } from './detection-matrix.js';

type AnyCheck = CheckDefinition<Record<string, unknown>>;
const TOKEN = 'crashing-check-token-1a2b3c4d';
const registry = CHECKS as Map<string, AnyCheck>;

/** Runs the row's scenarios through the engine as the CLI would, with the matrix seed and a small load cycle. */
async function runRow(detection: Detection): Promise<unknown> {
  const server = await startReferenceServer({ token: TOKEN, faults: [detection.fault] });
  const client = new ScimClient({ baseUrl: server.baseUrl, auth: { token: TOKEN }, timeoutMs: 5_000 });
  const { validate } = schemaValidator();
  const profile = loadProfile(detection.profile);
  try {
    const target = targetInfo(await discover(client));
    const owned = new OwnedResources();
    const health = new TargetHealth();
    for (const file of selectScenarioFiles(profile, scenariosOf(detection))) {
      await runScenario(loadScenario(file), {
        client,
        validate: (name, value) => validate(`scim/${name}`, value),
        seed: 7,
        runTag: 'scimconf-c4a5he',
        variant: { dialect: profile.dialect, mapping: profile.mapping },
        required: profile.requires,
        target,
        owned,
        health,
        settings: { users: 6, groups: 1, concurrency: 2 },
        actions: ENGINE_ACTIONS,
      });
    }
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await client.close();
    await server.close();
  }
}

describe('a crashing check', () => {
  it.each([...CHECKS.keys()])(
    '%s: its detection row ends in a harness error naming it',
    { timeout: 60_000 },
    async (id) => {
      const detection = DETECTIONS.find((d) => Object.values(d.failures).some((checks) => checks.includes(id)));
      if (!detection) {
        // Only checks no fault can break have no row; the stand-in cases in test/checks cover them.
        expect(Object.keys(CAUGHT_OUTSIDE_THE_MATRIX)).toContain(id);
        return;
      }
      const check = registry.get(id)!;
      registry.set(id, {
        ...check,
        run: () => {
          throw new TypeError("Cannot read properties of undefined (reading 'length')");
        },
      });
      try {
        expect(await runRow(detection!)).toMatchObject({
          code: 'E_HARNESS',
          message: expect.stringContaining(`check ${id} raised an unexpected error`),
        });
      } finally {
        registry.set(id, check);
      }
    },
  );
});
