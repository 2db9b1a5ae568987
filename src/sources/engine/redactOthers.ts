/**
 * Other people's values a record holds (the agent who answered a ticket) are not the subject's:
 * a text keeps what it says but not who ("… re-sent. Ivan" → "… re-sent. [agent]"). Whole words
 * only, longest first, case-insensitive.
 */
export function redactOthers(text: string, others: readonly unknown[], placeholder = '[agent]'): string {
  const words = others
    .flatMap((v) => (typeof v === 'string' ? (v.includes('@') ? [v] : v.split(/\s+/)) : []))
    .filter((w) => w.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (words.length === 0) return text;
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])(${words.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu'), placeholder);
}
