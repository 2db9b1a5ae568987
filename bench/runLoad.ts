import autocannon from 'autocannon';

export interface LoadFigures {
  /** Successful (2xx) responses per second over the run. */
  rps: number;
  p99Ms: number;
  /** Non-2xx responses plus connection errors: a load run with any of these measured the wrong thing. */
  failures: number;
}

/**
 * One autocannon run that stops by itself, after `seconds` or after `amount` responses (the smoke
 * run: however slow the machine, it measures something), over loopback. The load is generated
 * in a worker thread, so it does not share the gateway's event loop (it still shares the CPU).
 */
export function runLoad(options: { url: string; headers: Record<string, string>; body: string; seconds: number; amount?: number; connections: number }): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...options.headers },
        body: options.body,
        connections: options.connections,
        duration: options.seconds,
        ...(options.amount ? { amount: options.amount } : {}),
        timeout: 30,
        workers: 1,
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({ rps: result['2xx'] / result.duration, p99Ms: result.latency.p99, failures: result.non2xx + result.errors });
      },
    );
  });
}
