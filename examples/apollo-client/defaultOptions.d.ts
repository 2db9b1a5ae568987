// Apollo Client 4 types a query's result by the client's default options, once declared: with
// `errorPolicy: 'all'` a result has `data` and `error` together (partial data next to FORBIDDEN).
import '@apollo/client';

declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface Query {
        errorPolicy: 'all';
      }
      interface WatchQuery {
        errorPolicy: 'all';
      }
    }
  }
}
