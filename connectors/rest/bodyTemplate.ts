/**
 * JSON body templates: a string leaf that is exactly "{name}" stands for the value written at
 * `name` (its JSON type kept: `"{restricted}"` sends a boolean); every other leaf is sent as
 * written. A placeholder the write does not fill is left out, key and all, so one template
 * serves partial updates (a PATCH of the name alone).
 */
const WHOLE = /^\{([^{}]+)\}$/;

const OMIT = Symbol('omit');

function placeholders(template: unknown): string[] {
  if (typeof template === 'string') {
    const name = WHOLE.exec(template)?.[1];
    return name === undefined ? [] : [name];
  }
  if (Array.isArray(template)) return template.flatMap(placeholders);
  if (typeof template === 'object' && template !== null) return Object.values(template).flatMap(placeholders);
  return [];
}

function fillValue(template: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === 'string') {
    const name = WHOLE.exec(template)?.[1];
    if (name === undefined) return template;
    return Object.hasOwn(vars, name) ? vars[name] : OMIT;
  }
  if (Array.isArray(template)) return template.map((t) => fillValue(t, vars)).filter((v) => v !== OMIT);
  if (typeof template === 'object' && template !== null) {
    const entries = Object.entries(template).map(([k, t]) => [k, fillValue(t, vars)] as const);
    return Object.fromEntries(entries.filter(([, v]) => v !== OMIT));
  }
  return template;
}

/** The body for `vars`; undefined when the template is a lone placeholder the write does not fill. */
function fill(template: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  const value = fillValue(template, vars);
  return value === OMIT ? undefined : value;
}

export const bodyTemplate = { placeholders, fill };
