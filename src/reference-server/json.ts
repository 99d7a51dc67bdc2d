/** A parsed JSON object (RFC 8259 §4). */
export type JsonObject = { [key: string]: unknown };

/** Whether `value` is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The key of `obj` that names `name`, ignoring case: attribute names are
 * case-insensitive (RFC 7643 §2.1).
 */
export function findKey(obj: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((key) => key.toLowerCase() === lower);
}

/** The value of attribute `name` in `obj`, matched case-insensitively. */
export function getAttribute(obj: JsonObject, name: string): unknown {
  const key = findKey(obj, name);
  return key === undefined ? undefined : obj[key];
}

/**
 * Whether `value` counts as unassigned: null, an empty string, an empty array
 * or an object with nothing in it (RFC 7643 §2.5 treats the first and the
 * empty array as "no value"; clearing with "" is what Entra's validation expects).
 */
export function isUnassigned(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isObject(value) && Object.keys(value).length === 0;
}

/** `v === true`, or the string "true" in any case (Entra sends string booleans, doc §9.2). */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}
