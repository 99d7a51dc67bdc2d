import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curlScript } from '../../src/model/curl-script.js';
import { ScimModel } from '../../src/model/model.js';
import { PROPERTIES } from '../../src/model/properties/index.js';
import { createUser, findUser, readUser } from '../../src/model/probes.js';
import { replayScenario, writeReplay } from '../../src/model/replay.js';
import type { Sent } from '../../src/model/session.js';
import { SCHEMAS_DIR } from '../../src/paths.js';
import { loadScenario } from '../../src/scenario/load.js';
import { exchangeWith } from '../helpers.js';

const BASE = 'http://127.0.0.1:1/scim/v2';

describe('replayScenario', () => {
  it('should write a scenario the loader accepts, generated values intact', () => {
    // Arrange
    const file = join(mkdtempSync(join(tmpdir(), 'scimconf-replay-')), 'replays', 'demo.yaml');
    const transcript = userTranscript();

    // Act
    writeReplay(file, replayScenario(HEADING, transcript), 'Counterexample: {"a":{"b":{}}}');
    const scenario = loadScenario(file);

    // Assert
    expect(readFileSync(file, 'utf8')).toMatch(/^# Counterexample: \{"a":\{"b":\{\}\}\}\n/);
    expect(scenario.steps.map((step) => step.name)).toEqual([
      'Create user u1',
      'Read user u1',
      'Find user u1 by userName',
    ]);
    expect(scenario.steps[0].request?.body).toEqual(transcript[0].probe.body);
    expect(scenario.steps[0]).toMatchObject({ capture: { u1: '/id' }, creates: '/Users/{{captures.u1}}' });
    expect(scenario.steps[2].request?.path).toBe(transcript[2].probe.path);
    expect(scenario.steps[2].checks).toContainEqual({
      id: 'property.filter-username',
      args: { id: '{{captures.u1}}' },
    });
  });
});

describe('curlScript', () => {
  it('should read the token from $SCIM_TOKEN, capture created ids and delete them at the end', () => {
    // Arrange
    const transcript = userTranscript();

    // Act
    const script = curlScript(transcript, {
      url: (path) => `${BASE}${path}`,
      runTag: 'scimconf-abcdef-7',
      seed: 1,
      heading: ['property.filter-username fails'],
    });

    // Assert
    const lines = script.split('\n');
    expect(lines.slice(0, 3)).toEqual(['#!/bin/sh', '# property.filter-username fails', 'set -u']);
    expect(script).toContain('"Authorization: Bearer $SCIM_TOKEN"');
    expect(script).toContain('scimconf-abcdef-7.u1.a+b@contoso.example');
    expect(lines.find((line) => line.startsWith('u1=$(curl'))).toMatch(
      /\| sed -n 's\|\^\[Ll\]ocation: \.\*\/\|\|p'\)$/,
    );
    expect(script).toContain(`-X GET '${BASE}/Users/'"\${u1}"''`);
    expect(lines.at(-2)).toMatch(/^\[ -n "\$u1" \] && curl -sS -i -X DELETE '.*\/Users\/'"\$\{u1\}"'' .*; echo$/);
    expect(() => execFileSync('sh', ['-n'], { input: script })).not.toThrow();
  });
});

describe('PROPERTIES', () => {
  it('should be exactly the properties the scenario schema accepts', () => {
    // Arrange
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, 'harness', 'scenario.schema.json'), 'utf8'));

    // Assert
    expect(schema.$defs.propertyAction.properties.property.enum).toEqual([...PROPERTIES.keys()]);
  });
});

// Helpers

const HEADING = { name: 'replay-demo', title: 'Replay', description: 'A replay.' };

/** Create, read and find a user whose values need quoting in YAML, URLs and filters. */
function userTranscript(): Sent[] {
  const user = new ScimModel().addUser({
    userName: 'a+b',
    externalId: `"x'\\`,
    displayName: '# Zoë: 😀 e\u0301',
    email: 'm',
    active: false,
    attributes: { title: '- [ok] %41 & 漢' },
  });
  const probes = [createUser(user), readUser(user, 'property.read-back'), findUser(user, 'userName')];
  return probes.map((probe) => ({ probe, exchange: exchangeWith({ status: 200 }, { method: probe.method }) }));
}
