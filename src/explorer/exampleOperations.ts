/**
 * What the explorer opens with: the privacy officer's daily operations as ONE document of named
 * operations, not one tab each. GraphiQL keeps headers per tab, so with tabs the officer would
 * paste the token into every tab; in one document it is pasted once and Ctrl+Enter runs the
 * operation under the cursor. Every field here exists in schema/*.graphql: test/explorer.test.ts
 * validates the document against the schema and the gateway's complexity limits.
 */
export const exampleOperations = {
  document: `# privacy-gateway: the privacy officer's operations.
#
# 1. Headers (below): paste a token from
#      npm run token -- --role privacy_officer
#    X-Purpose says why you read: dsr_handling
#    (or legal_compliance). Then the re-fetch button
#    (bottom left) loads the schema: docs, completion.
# 2. Variables (below): "ref" names the subject by
#    exactly one of email, phone, customerId.
# 3. Put the cursor in an operation, press Ctrl+Enter
#    (or pick the operation from the run button).
# Every operation you run is audited under your token.

# All that every source holds about one subject,
# followed across identities.
query FindSubject($ref: SubjectRef!) {
  subject(ref: $ref) {
    id
    status
    identities { type value }
    profile { name email phone address }
    orders {
      id source createdAt total ip device
      items { sku name quantity price }
    }
    payments {
      id source createdAt amount currency status cardLast4
    }
    supportMessages {
      id source ticketId createdAt author body
    }
    consents {
      purpose status policyVersion grantedAt withdrawnAt evidence
    }
  }
}

# Right of access: a JSON export of every source.
# GET export.downloadUrl with the same headers.
mutation ExportSubject($ref: SubjectRef!) {
  exportSubject(input: { ref: $ref, format: JSON }) { ...Request }
}

# Restriction: blocks the subject's records at every
# source until unblockSubject.
mutation BlockSubject($ref: SubjectRef!, $reason: String!) {
  blockSubject(input: { ref: $ref, reason: $reason }) { ...Request }
}

# Erasure. Retrying with the same idempotencyKey
# returns the same request, never a second one.
mutation EraseSubject(
  $ref: SubjectRef!
  $reason: String!
  $idempotencyKey: String!
) {
  eraseSubject(input: {
    ref: $ref, reason: $reason, idempotencyKey: $idempotencyKey
  }) { ...Request }
}

# Follow one request: its tasks per source, the
# export, the erasure certificate.
query FollowRequest($requestId: ID!) {
  dsrRequest(id: $requestId) { ...Request }
}

# The subject's requests, newest first.
query SubjectRequests($ref: SubjectRef) {
  dsrRequests(subject: $ref, first: 20) {
    edges {
      node { id type status createdAt dueAt overdue completedAt }
    }
    pageInfo { hasNextPage endCursor }
  }
}

# Who read the subject's data, for which purpose;
# and whether the audit hash chain is intact.
query AuditTrail($ref: SubjectRef) {
  auditEvents(subject: $ref, first: 20) {
    edges {
      node {
        seq at client roles purpose operation
        subjectIds categories denied outcome hash prevHash
      }
    }
    pageInfo { hasNextPage endCursor }
  }
  verifyAuditLog { ok checked firstBrokenSeq firstBrokenId reason }
}

fragment Request on DsrRequest {
  id type status subjectId reason lastError
  createdAt dueAt completedAt overdue alreadyErased
  tasks { source status attempts action records lastError }
  export { downloadUrl sha256 bytes }
  certificate {
    issuedAt sha256 verifiedAt
    sources { source deleted depersonalized retained retainedUntil retainedUnder }
  }
}
`,
  /** Shared by every operation; graphql ignores variables an operation does not declare. */
  variables: {
    ref: { email: 'alice@example.com' },
    reason: 'Data-subject request, ticket #0001',
    idempotencyKey: 'dsr-0001-erase',
    requestId: '<id returned by ExportSubject, BlockSubject or EraseSubject>',
  },
  headers: {
    Authorization: 'Bearer <paste a token from npm run token -- --role privacy_officer>',
    'X-Purpose': 'dsr_handling',
  },
} as const;
