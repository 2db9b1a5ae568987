/** Category names are dotted paths: "contact" is the parent of "contact.email". */

/** True when `granted` is `category` itself, one of its ancestors, or "*". */
export function covers(granted: string, category: string): boolean {
  return granted === '*' || granted === category || category.startsWith(`${granted}.`);
}

/** "contact.email" → ["contact", "contact.email"]. */
export function ancestorsAndSelf(category: string): string[] {
  const parts = category.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}
