import { existsSync, readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { CHECKS, suggestCheckId } from '../checks/registry.js';
import type { Impact } from '../checks/types.js';
import { HarnessError } from '../errors.js';
import { SCENARIOS_DIR } from '../paths.js';
import type { Capability, Dialect, Mapping } from '../scenario/types.js';
import { loadMapping, mappingNames } from '../model/mapping.js';
import { loadYaml, type YamlSource } from '../schemas/yaml-file.js';

export interface Profile {
  name: string;
  description: string;
  dialect: Dialect;
  mapping: Mapping;
  requires: Capability[];
  scenarios: string[];
  /** The client the profile plays; absent for rfc7644, whose failures are graded by severity alone. */
  client?: ClientProfile;
}

/** A client's name and its impact overrides per check id, each with its source. */
export interface ClientProfile {
  name: string;
  impact: Record<string, { impact: Impact; source: string }>;
}

const PROFILES_DIR = join(SCENARIOS_DIR, 'profiles');

export function profileNames(dir = PROFILES_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A profile by name from `dir` (the shipped scenarios/profiles unless a test names another). */
export function loadProfile(name: string, dir = PROFILES_DIR): Profile {
  const file = join(dir, `${name}.yaml`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
    throw new HarnessError('E_USAGE', `unknown profile "${name}"; known: ${profileNames(dir).join(', ')}`);
  }
  const { data, problem } = loadYaml(file, 'harness/profile');
  const { extends: parentName, ...own } = data as Partial<Profile> & { extends?: string };
  const parent = parentName === undefined ? undefined : loadParent(parentName, dir, problem);
  const profile = { mapping: 'entra', requires: [], ...parent, ...own } as Profile;
  if (!mappingNames().includes(profile.mapping))
    throw problem(['mapping'], `no attribute mapping scenarios/mappings/${profile.mapping}.yaml; known: ${mappingNames().join(', ')}`);
  loadMapping(profile.mapping);
  profile.scenarios.forEach((scenario, i) => {
    if (!existsSync(scenarioFile(scenario)))
      throw problem(['scenarios', i], `no scenario file scenarios/${scenario}.yaml`);
  });
  for (const id of Object.keys(profile.client?.impact ?? {})) {
    if (!CHECKS.has(id)) {
      const suggestion = suggestCheckId(id);
      throw problem(
        ['client', 'impact', id],
        `unknown check "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ''}`,
      );
    }
  }
  return profile;
}

/** The profile an `extends:` names; it must exist and extend none itself, so a chain is one level deep. */
function loadParent(name: string, dir: string, problem: YamlSource['problem']): Profile {
  const file = join(dir, `${name}.yaml`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file))
    throw problem(['extends'], `no profile "${name}" to extend; known: ${profileNames(dir).join(', ')}`);
  if ((loadYaml(file, 'harness/profile').data as { extends?: string }).extends !== undefined)
    throw problem(['extends'], `profile "${name}" extends another profile itself; extend the one it extends`);
  return loadProfile(name, dir);
}

const scenarioFile = (name: string) => join(SCENARIOS_DIR, `${name}.yaml`);

/** Every scenario below scenarios/ by its path without `.yaml` (`load/initial-cycle`), profiles aside. */
function scenarioNames(): string[] {
  return readdirSync(SCENARIOS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml') && !file.startsWith('profiles'))
    .map((file) => file.slice(0, -5).split(sep).join('/'))
    .sort();
}

/**
 * The scenario files to run: the profile's, or those named by --scenario. A selector is a file path
 * (anything ending in .yaml/.yml), a path below scenarios/ (`entra/single-user`), or the bare name
 * of one of the profile's scenarios (`single-user`).
 */
export function selectScenarioFiles(profile: Profile, selectors: readonly string[]): string[] {
  if (selectors.length === 0) return profile.scenarios.map(scenarioFile);
  return selectors.map((selector) => {
    if (/\.ya?ml$/.test(selector)) {
      const file = resolve(selector);
      if (!existsSync(file)) throw new HarnessError('E_USAGE', `--scenario ${selector}: no such file`);
      return file;
    }
    if (existsSync(scenarioFile(selector))) return scenarioFile(selector);
    const match = profile.scenarios.find((s) => s.split('/').pop() === selector);
    if (match) return scenarioFile(match);
    const known = profile.scenarios.map((s) => s.split('/').pop()).join(', ');
    const elsewhere = scenarioNames().filter((name) => name.split('/').pop() === selector.split('/').pop());
    const suggestion = elsewhere.length > 0 ? `; did you mean ${elsewhere.join(' or ')}?` : '';
    throw new HarnessError(
      'E_USAGE',
      `--scenario ${selector}: not a file nor a scenario of profile ${profile.name} (${known})${suggestion}`,
    );
  });
}
