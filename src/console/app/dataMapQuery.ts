/** The data map as the gateway enforces it, with the category of every field the console labels. */
export const dataMapQuery = `query ConsoleDataMap {
  dataMap {
    policyVersion
    sources { name system categories purposes recipients retention capabilities collections { name field type fields { name category } } }
    purposes { id description basis categories roles seesBlocked requiresConsent depersonalized }
    categories { name description identifier retention sources }
    profile { name category }
    identities { name category }
  }
}`;
