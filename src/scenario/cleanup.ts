import type { ScimClient } from '../http/client.js';

/**
 * Deletes resources the run created, in the order given; returns what could not be removed, with
 * why. A 404 counts as removed (someone else got there first, or a retried DELETE had already
 * succeeded). Transport failures and 5xx were already retried with backoff (`retryFailures`).
 */
export async function deleteOwned(
  client: ScimClient,
  paths: readonly string[],
  onDeleted: (path: string) => void = () => {},
): Promise<string[]> {
  const leftovers: string[] = [];
  for (const path of paths) {
    const exchange = await client.send({ method: 'DELETE', path, retryFailures: true });
    const status = exchange.response?.status;
    if (status !== undefined && (status < 300 || status === 404)) onDeleted(path);
    else leftovers.push(`${path} (${exchange.error?.message ?? `HTTP ${status}`})`);
  }
  return leftovers;
}
