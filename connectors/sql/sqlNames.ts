/** A quoted SQL identifier (PostgreSQL, and MySQL in ANSI_QUOTES mode): declarations name columns, never values. */
export const ident = (name: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(name)) throw new TypeError(`expected a plain SQL identifier, got ${JSON.stringify(name.slice(0, 70))}`);
  return `"${name}"`;
};
