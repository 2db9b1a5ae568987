import { guessCategory } from './guessCategory';

/** The name and value rules, one row each: the table a reviewer reads to know what the draft will say. */
const byName: Array<[string, string | null | undefined, string | null]> = [
  ['email', 'contact.email', 'EMAIL'],
  ['alt_email', 'contact.email', 'EMAIL'],
  ['emailAddress', 'contact.email', 'EMAIL'],
  ['mobile', 'contact.phone', 'PHONE'],
  ['phone_number', 'contact.phone', 'PHONE'],
  ['tel', 'contact.phone', 'PHONE'],
  ['customer_id', 'identity.customer_id', 'CUSTOMER_ID'],
  ['customerNumber', 'identity.customer_id', 'CUSTOMER_ID'],
  ['id', null, null],
  ['billing_address_id', null, null],
  ['payment_card_id', null, null],
  ['name', 'identity.name', null],
  ['first_name', 'identity.name', null],
  ['lastName', 'identity.name', null],
  ['full_name', 'identity.name', null],
  ['vendor_name', undefined, null],
  ['street', 'contact.address', null],
  ['zip', 'contact.address', null],
  ['postcode', 'contact.address', null],
  ['ip', 'technical.ip', null],
  ['ip_address', 'technical.ip', null],
  ['user_agent', 'technical.device', null],
  ['device', 'technical.device', null],
  ['ccn', 'payment.account', null],
  ['iban', 'payment.account', null],
  ['card_number', 'payment.account', null],
  ['card_last4', 'payment.card', null],
  ['amount', 'payment.transaction', null],
  ['currency', 'payment.transaction', null],
  ['total', 'order.total', null],
  ['unit_price', 'order.total', null],
  ['total_visits', undefined, null],
  ['created_at', null, null],
  ['updated_at', null, null],
  ['timestamp', null, null],
  ['birthday', 'identity.demographic', null],
  ['body', 'support.message', null],
  ['notes', 'support.message', null],
  ['comment', 'support.message', null],
  ['tier', undefined, null],
  ['preferred', undefined, null],
];

describe('guessCategory', () => {
  it.each(byName)('%s → %s', (name, category, identity) => {
    const guess = guessCategory({ name, date: false, samples: [] });
    expect(guess.category).toBe(category);
    expect(guess.identity).toBe(identity);
  });

  it('reads dates from the name or the type, and nothing else from a date', () => {
    expect(guessCategory({ name: 'created_at', date: true, samples: [] })).toMatchObject({ category: null, date: true, basis: 'name' });
    expect(guessCategory({ name: 'last_visit', date: true, samples: [] })).toMatchObject({ category: null, date: true, basis: 'type' });
  });

  it('reads most values that are email addresses, or E.164 phone numbers, where the name says nothing or "not personal"', () => {
    expect(guessCategory({ name: 'login', date: false, samples: ['a@example.com', 'b@example.com', 'n/a'] })).toMatchObject({ category: 'contact.email', identity: 'EMAIL', basis: 'values' });
    expect(guessCategory({ name: 'contact', date: false, samples: ['+1 555 555 0100', '+44 20 7946 0000'] })).toMatchObject({ category: 'contact.phone', identity: 'PHONE', basis: 'values' });
    expect(guessCategory({ name: 'user_id', date: false, samples: ['a@example.com'] })).toMatchObject({ category: 'contact.email', basis: 'values' });
    expect(guessCategory({ name: 'handle', date: false, samples: ['a@example.com', 'bob', 'carol'] }).category).toBeUndefined();
    expect(guessCategory({ name: 'order_no', date: false, samples: ['12345678', '23456789'] }).category).toBeUndefined();
  });

  it('never lets values override a name that says which personal data it is', () => {
    expect(guessCategory({ name: 'notes', date: false, samples: ['a@example.com'] }).category).toBe('support.message');
  });
});
