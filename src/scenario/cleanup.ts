import { FAILURE_RETRIES, type ScimClient } from '../http/client.js';

/**
 * Deletes resources the run created, in the order given; returns what could not be removed, with
 * why. A 404 counts as removed (someone else got there first, or a retried DELETE had already
 * succeeded). Transport failures and 5xx are retried with backoff (`retryFailures`).
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
    else {
      const retried = exchange.error ? exchange.error.code === 'E_TARGET_RESET' : status! >= 500 || status === 429;
      const reason = exchange.error?.message ?? `HTTP ${status}`;
      leftovers.push(`${path} (${reason}${retried ? `; still after ${FAILURE_RETRIES} retries` : ''})`);
    }
  }
  return leftovers;
}
