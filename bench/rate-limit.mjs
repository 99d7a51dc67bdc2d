// Spacing of requests under --rate-limit: 40 requests at 20/s to the reference server on loopback,
// timed when the client hands each to undici (the server shares this process, so its arrival times
// would carry its own event-loop lag). Prints figures; asserts nothing (the tests count requests per
// window instead, which jitter cannot break).
import { subscribe } from 'node:diagnostics_channel';
import { ScimClient } from '../dist/http/client.js';
import { startReferenceServer } from '../dist/reference-server/index.js';

const token = 'bench-rate-limit-token';
const handedOver = [];
subscribe('undici:request:create', () => handedOver.push(performance.now()));
const server = await startReferenceServer({ token });
const client = new ScimClient({ baseUrl: server.baseUrl, auth: { token }, timeoutMs: 5_000, rateLimit: 20 });
try {
  for (let i = 0; i < 40; i++) await client.send({ method: 'GET', path: '/ServiceProviderConfig' });
} finally {
  await client.close();
  await server.close();
}
const gaps = handedOver
  .slice(1)
  .map((t, i) => t - handedOver[i])
  .sort((a, b) => a - b);
const at = (q) => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))].toFixed(1);
const span = (handedOver.at(-1) - handedOver[0]) / 1000;
console.log(
  `rate limit 20/s: ${handedOver.length} requests in ${span.toFixed(2)} s (${((handedOver.length - 1) / span).toFixed(1)}/s); ` +
    `gaps ms: min ${at(0)}, p50 ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)} (target 50)`,
);
