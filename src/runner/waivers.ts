import type { Waiver } from '../report/gate.js';
import { loadYaml } from '../schemas/yaml-file.js';

/** Reads a waivers file (schemas/harness/waivers.schema.json); errors name file:line:col. */
export function loadWaivers(file: string): Waiver[] {
  const { data, where } = loadYaml(file, 'harness/waivers', 'E_CONFIG');
  const { waivers } = data as { waivers: Array<Omit<Waiver, 'location'>> };
  return waivers.map((waiver, i) => ({ ...waiver, location: where(['waivers', i]) }));
}
