/**
 * `{{ namespace.name }}` templating. A string that is exactly one expression keeps the value's type
 * (a number stays a number); otherwise values are interpolated as text.
 */
export const TEMPLATE = /\{\{\s*([A-Za-z]+)\.([A-Za-z0-9_-]+)\s*\}\}/g;
const ANY_BRACES = /\{\{|\}\}/;

export const NAMESPACES = ['vars', 'captures', 'gen', 'run', 'mapping'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Generators available as `{{gen.<name>}}`; each use draws a fresh value from the seeded source. */
export const GENERATOR_NAMES = ['guid', 'suffix'] as const;
export const RUN_NAMES = ['tag', 'seed'] as const;
/**
 * The run's attribute mapping: `{{mapping.userMatching}}` (the User matching attribute),
 * `{{mapping.userLookup}}` (Entra's filter for the scenario's user by it), `{{mapping.userFallbackLookup}}`
 * (the same by matching precedence 2, for steps `when: { fallback: true }`), `{{mapping.attributes}}` (every row).
 */
export const MAPPING_NAMES = ['userMatching', 'userLookup', 'userFallbackLookup', 'attributes'] as const;

export interface TemplateRef {
  namespace: string;
  name: string;
}

/** The expressions a string uses, or a message when it holds braces that are not a valid expression. */
export function parseTemplate(text: string): { refs: TemplateRef[]; malformed?: string } {
  const refs = [...text.matchAll(TEMPLATE)].map((m) => ({ namespace: m[1], name: m[2] }));
  const rest = text.replace(TEMPLATE, '');
  return ANY_BRACES.test(rest) ? { refs, malformed: `malformed template expression in "${text}"` } : { refs };
}

export interface TemplateContext {
  vars: Readonly<Record<string, unknown>>;
  captures: Readonly<Record<string, unknown>>;
  run: Readonly<Record<(typeof RUN_NAMES)[number], string | number>>;
  mapping?: Readonly<Partial<Record<(typeof MAPPING_NAMES)[number], unknown>>>;
  gen(name: string): string;
}

function lookup(ctx: TemplateContext, namespace: string, name: string): unknown {
  switch (namespace) {
    case 'vars':
      return ctx.vars[name];
    case 'captures':
      return ctx.captures[name];
    case 'run':
      return ctx.run[name as (typeof RUN_NAMES)[number]];
    case 'gen':
      return ctx.gen(name);
    case 'mapping':
      return ctx.mapping?.[name as (typeof MAPPING_NAMES)[number]];
    default:
      return undefined;
  }
}

/** Renders every string inside `value`; names were checked when the scenario loaded. */
export function render(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') {
    if (!value.includes('{{')) return value; // most strings, generated data above all
    const whole = /^\{\{\s*([A-Za-z]+)\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(value);
    if (whole) return lookup(ctx, whole[1], whole[2]);
    return value.replace(TEMPLATE, (_, namespace: string, name: string) => {
      const found = lookup(ctx, namespace, name);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => render(item, ctx));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, ctx)]));
  }
  return value;
}
