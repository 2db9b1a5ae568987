import { ensurePgliteTemplate } from './kit/pgliteTemplate';

export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
}
