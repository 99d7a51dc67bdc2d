import { loadAction } from '../load/action.js';
import { propertyAction } from '../model/action.js';
import type { StepAction } from '../scenario/engine.js';
import { pagesAction } from '../scenario/pages.js';
import { oauthTokenAction } from '../scenario/token.js';

/** Every named engine action a scenario step can run (`action: { type }`), in one place. */
export const ENGINE_ACTIONS: Readonly<Record<string, StepAction>> = {
  load: loadAction,
  'oauth-token': oauthTokenAction,
  pages: pagesAction,
  property: propertyAction,
};
