import type { Credentials } from './api';
import { authHeaders } from './api';

export class DownloadError extends Error {
  constructor(readonly status: number) {
    super(`the gateway answered ${status} to the export download`);
    this.name = 'DownloadError';
  }
}

/**
 * Downloads an export in the page: the file needs the officer's headers, which a plain link
 * cannot send, so it is fetched and handed to the browser as a same-origin blob.
 */
export async function downloadExport(options: { credentials: Credentials; url: string; filename: string }): Promise<void> {
  const res = await fetch(options.url, { headers: authHeaders(options.credentials) });
  if (!res.ok) throw new DownloadError(res.status);
  const href = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = options.filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
