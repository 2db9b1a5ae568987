import { badInput } from '../errors';
import { textProblem } from './textProblem';

/** No argument of the schema needs more: the longest (a callback URL) is 2 048. */
export const MAX_ARGUMENT_TEXT = 4096;

/**
 * The backstop under every root field's own readers: each string anywhere in its arguments is
 * free of control characters and bounded, whatever argument a later change adds. BAD_USER_INPUT
 * names the argument's path and the rule, never the value.
 */
export function checkArgumentText(value: unknown, at: string): void {
  if (typeof value === 'string') {
    if (value.length > MAX_ARGUMENT_TEXT) throw badInput(`${at}: expected at most ${MAX_ARGUMENT_TEXT} characters, got ${value.length}`);
    const problem = textProblem(value);
    if (problem) throw badInput(`${at}: expected text without control characters, got ${problem}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkArgumentText(item, `${at}[${i}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) checkArgumentText(item, at === '' ? key : `${at}.${key}`);
  }
}
