import type { StepAction } from './engine.js';

/**
 * `action: { type: oauth-token }`: holds the token endpoint's answer (OAuth 2 client credentials,
 * `--token-url`) to auth.oauth-token and auth.token-lifetime, as the gallery validation template's
 * OAuth test does. Steps with it run `when: { auth: [oauth] }`.
 */
export const oauthTokenAction: StepAction = async (_params, ctx) => {
  const exchange = await ctx.client.tokenExchange();
  if (!exchange) return; // no answer at all: http.transport reports it on the first SCIM request
  await ctx.check('auth.oauth-token', exchange);
  await ctx.check('auth.token-lifetime', exchange);
};
