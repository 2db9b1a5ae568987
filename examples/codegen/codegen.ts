/**
 * GraphQL Code Generator's configuration: the schema by introspection of a live gateway, with the
 * same two headers every request carries (in production introspection is for `privacy_officer`
 * under `dsr_handling`), and typed documents from the `graphql(…)` calls in this folder.
 *
 *   GATEWAY_URL=https://gateway.example.com/graphql GATEWAY_TOKEN=… npx graphql-codegen --config examples/codegen/codegen.ts
 *
 * `CODEGEN_OUT` redirects the output (the suite regenerates into a temporary folder and compares).
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const url = process.env.GATEWAY_URL;
const token = process.env.GATEWAY_TOKEN;
if (!url || !token) throw new TypeError(`expected GATEWAY_URL and GATEWAY_TOKEN, got ${url ? 'no GATEWAY_TOKEN' : 'no GATEWAY_URL'}`);

const config: CodegenConfig = {
  schema: [{ [url]: { headers: { authorization: `Bearer ${token}`, 'x-purpose': 'dsr_handling' } } }],
  documents: ['examples/codegen/*.ts'],
  generates: {
    [process.env.CODEGEN_OUT ?? 'examples/codegen/generated/']: {
      preset: 'client',
      // Types for the operations written here (and the enums they use), not the whole schema.
      config: { onlyOperationTypes: true, useTypeImports: true },
    },
  },
  silent: true,
};
export default config;
