import { badInput } from '../errors';
import { textProblem } from './textProblem';

export interface TextRule {
  /** The argument's path, named in the refusal: `input.reason`, `refs[3].email`. */
  readonly at: string;
  readonly max: number;
  /** Absent or blank: null when optional, BAD_USER_INPUT when required. */
  readonly required?: boolean;
}

/**
 * Free text from a caller (a reason, evidence, a name, an address): a string of 1 to `max`
 * characters with no control characters, trimmed. The refusal names the argument and the rule,
 * never the value.
 */
export function readText(raw: unknown, rule: TextRule): string | null {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
    if (rule.required) throw badInput(`${rule.at}: expected 1 to ${rule.max} characters, got ${raw === undefined || raw === null ? 'none' : 'only spaces'}`);
    return null;
  }
  if (typeof raw !== 'string') throw badInput(`${rule.at}: expected text, got ${typeof raw}`);
  const value = raw.trim();
  if (value.length > rule.max) throw badInput(`${rule.at}: expected at most ${rule.max} characters, got ${value.length}`);
  const problem = textProblem(raw);
  if (problem) throw badInput(`${rule.at}: expected text without control characters, got ${problem}`);
  return value;
}
