/** `billingAddressID`, `billing_address_id`, `Billing-Address-Id` → billing, address, id. */
export const wordsOf = (name: string): string[] => name
  .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
  .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
  .toLowerCase()
  .split(/[^a-z0-9]+/)
  .filter(Boolean);
