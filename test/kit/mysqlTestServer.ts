import { tcpAnswers } from './tcpAnswers';

const DEFAULT_URL = 'mysql://root@127.0.0.1:3306/test';

/**
 * The MySQL / MariaDB server the server-only suites run against: MYSQL_TEST_DATABASE_URL when
 * set (.ci/run sets it when a server answers), else the local default when 127.0.0.1:3306
 * accepts connections. Otherwise the reason the suites are skipped, for the caller to print.
 */
export function mysqlTestServer(): { url: string } | { skipped: string } {
  const configured = process.env.MYSQL_TEST_DATABASE_URL;
  if (configured !== undefined && configured !== '') return { url: configured };
  if (tcpAnswers({ host: '127.0.0.1', port: 3306 })) return { url: DEFAULT_URL };
  return { skipped: 'MYSQL_TEST_DATABASE_URL is not set and nothing answers on 127.0.0.1:3306 (start MariaDB or MySQL there, or set the variable)' };
}
