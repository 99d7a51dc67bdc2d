import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { yaml } from '../schemas/yaml-file.js';
import type { Sent } from './session.js';

export interface ReplayHeading {
  /** A scenario name (`^[a-z0-9][a-z0-9-]*$`). */
  name: string;
  title: string;
  description: string;
}

/**
 * A scenario (schemas/harness/scenario.schema.json) replaying a generated case as plain request
 * steps: the probes were written in the scenario template language, so the run tag and the ids of
 * created resources stay `{{run.tag}}` and `{{captures.<label>}}`, and cleanup works as for any scenario.
 */
export function replayScenario(heading: ReplayHeading, transcript: readonly Sent[]): Record<string, unknown> {
  return {
    ...heading,
    steps: transcript.map(({ probe }) => ({
      name: probe.name,
      request: { method: probe.method, path: probe.path, ...(probe.body !== undefined && { body: probe.body }) },
      expect: { checks: probe.checks.map(({ id, args }) => (Object.keys(args).length > 0 ? { id, args } : id)) },
      ...(probe.creates && {
        capture: { [probe.creates]: '/id' },
        creates: `${probe.path}/{{captures.${probe.creates}}}`,
      }),
    })),
  };
}

/**
 * Writes a replay scenario as YAML, with `comment` (what was generated, which may hold `}}`) as
 * comment lines the scenario loader does not read. No line folding: every value reads back exactly.
 */
export function writeReplay(file: string, scenario: Record<string, unknown>, comment: string): void {
  const document = new (yaml().Document)(scenario);
  document.commentBefore = comment.replace(/^/gm, ' ');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, document.toString({ lineWidth: 0 }));
}
