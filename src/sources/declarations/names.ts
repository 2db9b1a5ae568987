/** CONTRACT.md §7 default names: `cookie` + `payment_card` → field `cookiePaymentCard`, type `CookiePaymentCard`. */
export const camel = (text: string): string => {
  const words = text.replace(/^_+/, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('') || 'field';
};

export const pascal = (text: string): string => {
  const c = camel(text);
  return c.charAt(0).toUpperCase() + c.slice(1);
};

/** A GraphQL name: letters, digits and "_", not starting with a digit or "__". */
export const GRAPHQL_NAME = /^(?!__)[_A-Za-z][_0-9A-Za-z]*$/;
