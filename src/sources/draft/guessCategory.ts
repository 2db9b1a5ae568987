import { identityCategory } from '../../policy/identityCategory';
import type { IdentityType } from '../Identity';
import { normalizeIdentity } from '../Identity';
import { wordsOf } from './wordsOf';

/**
 * A guess about one column: its category (null: not personal; undefined: not guessed, so the
 * reviewer must write one), the identity type it seeds, whether it is the record's date, and what
 * the guess was read from. Every guess is a proposal: the draft marks each one for review.
 */
export interface CategoryGuess {
  readonly category: string | null | undefined;
  readonly identity: IdentityType | null;
  readonly date: boolean;
  readonly basis: 'name' | 'values' | 'type' | null;
}

type Words = readonly string[];
interface Rule {
  readonly test: (w: Words) => boolean;
  readonly category: string | null;
  readonly identity?: IdentityType;
  readonly date?: boolean;
}

const has = (...words: string[]) => (w: Words) => w.some((x) => words.includes(x));
const last = (...words: string[]) => (w: Words) => words.includes(w[w.length - 1] ?? '');
const NAME_QUALIFIERS = ['first', 'last', 'full', 'given', 'family', 'middle', 'sur', 'display', 'customer', 'contact', 'person'];

/**
 * The name rules, first match wins: the one table of what a column name suggests. Ids come before
 * everything they might contain (`billing_address_id` is a key, not an address); a customer number
 * before ids; dates before the words a date may carry (`email_sent_at`).
 */
const NAME_RULES: readonly Rule[] = [
  { test: (w) => w.some((x) => x === 'customer' || x === 'client' || x === 'cust') && last('id', 'number', 'no', 'num', 'nr')(w), category: identityCategory('CUSTOMER_ID'), identity: 'CUSTOMER_ID' },
  { test: (w) => w.length === 1 && ['customerid', 'custid', 'customerno', 'customernumber'].includes(w[0] as string), category: identityCategory('CUSTOMER_ID'), identity: 'CUSTOMER_ID' },
  { test: (w) => last('id', 'uuid', 'guid')(w) || (w[0] === 'id' && w.length === 2), category: null },
  { test: has('birthday', 'birthdate', 'dob', 'birth'), category: 'identity.demographic' },
  { test: (w) => has('created', 'updated', 'modified', 'inserted', 'deleted', 'date', 'datetime', 'timestamp', 'time')(w) || (w.length > 1 && last('at', 'on')(w)), category: null, date: true },
  { test: (w) => has('ip', 'ipaddress', 'ipv4', 'ipv6')(w) || w.join('_') === 'remote_addr', category: 'technical.ip' },
  { test: (w) => has('email', 'mail', 'emailaddress')(w) || w.join('_').includes('e_mail'), category: identityCategory('EMAIL'), identity: 'EMAIL' },
  { test: has('phone', 'mobile', 'tel', 'telephone', 'cell', 'msisdn', 'phonenumber'), category: identityCategory('PHONE'), identity: 'PHONE' },
  { test: (w) => has('device', 'useragent', 'browser')(w) || w.join('_').includes('user_agent'), category: 'technical.device' },
  { test: (w) => has('last4', 'lastfour')(w) || w.join('_').includes('last_4') || w.join('_').includes('last_four'), category: 'payment.card' },
  { test: has('card', 'ccn', 'iban', 'pan', 'cvv', 'cvc', 'bic'), category: 'payment.account' },
  { test: has('address', 'street', 'city', 'zip', 'zipcode', 'postcode', 'postal'), category: 'contact.address' },
  { test: (w) => (last('name')(w) && w.slice(0, -1).every((x) => NAME_QUALIFIERS.includes(x))) || has('surname', 'firstname', 'lastname', 'fullname', 'forename')(w), category: 'identity.name' },
  { test: last('amount', 'currency'), category: 'payment.transaction' },
  { test: last('total', 'subtotal', 'price', 'cost'), category: 'order.total' },
  { test: has('body', 'message', 'messages', 'note', 'notes', 'comment', 'comments', 'text'), category: 'support.message' },
];

/** Most sampled values (more than half, at least one) are what the gateway accepts as this identity. */
function mostAre(type: 'EMAIL' | 'PHONE', samples: readonly unknown[]): boolean {
  const strings = samples.filter((s): s is string => typeof s === 'string');
  if (strings.length === 0) return false;
  return strings.filter((s) => !(normalizeIdentity(type, s) instanceof Error)).length * 2 > strings.length;
}

/**
 * The guess for one column from its name, then its values: values that are mostly email addresses
 * (or E.164 phone numbers, as the gateway itself reads them) win over a name that says nothing or
 * says "not personal", never over a name that says which personal data it is.
 */
export function guessCategory(column: { name: string; date: boolean; samples: readonly unknown[] }): CategoryGuess {
  const words = wordsOf(column.name);
  const rule = NAME_RULES.find((r) => r.test(words));
  if (rule && rule.category !== null) return { category: rule.category, identity: rule.identity ?? null, date: false, basis: 'name' };
  if (!rule?.date && !column.date) {
    for (const type of ['EMAIL', 'PHONE'] as const) {
      if (mostAre(type, column.samples)) return { category: identityCategory(type), identity: type, date: false, basis: 'values' };
    }
  }
  if (rule) return { category: null, identity: null, date: rule.date === true, basis: 'name' };
  if (column.date) return { category: null, identity: null, date: true, basis: 'type' };
  return { category: undefined, identity: null, date: false, basis: null };
}
