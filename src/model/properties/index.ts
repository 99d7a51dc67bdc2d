import type { PropertyDefinition } from './define.js';
import { memberReadd } from './member-readd.js';
import { model } from './model.js';
import { patch } from './patch.js';
import { userData } from './user-data.js';

/** The properties a scenario step can run (`action: { type: property, property: <name> }`). */
export const PROPERTIES: ReadonlyMap<string, PropertyDefinition> = new Map(
  [userData, patch, memberReadd, model].map((property) => [property.name, property]),
);
