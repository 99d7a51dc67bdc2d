import type { StepAction } from '../scenario/engine.js';
import { pagesAction } from '../scenario/pages.js';
import { oauthTokenAction } from '../scenario/token.js';

/*
 * The property and load actions bring fast-check, the model and the load cycle. Their modules
 * start loading with this one but are not waited for: the first scenarios run meanwhile, and leave
 * the thread idle whenever they wait on the target. A module that fails to load fails its step.
 */
const propertyModule = import('../model/action.js');
const loadModule = import('../load/action.js');
for (const module of [propertyModule, loadModule]) module.catch(() => {});

/** Every named engine action a scenario step can run (`action: { type }`), in one place. */
export const ENGINE_ACTIONS: Readonly<Record<string, StepAction>> = {
  load: async (params, ctx) => (await loadModule).loadAction(params, ctx),
  'oauth-token': oauthTokenAction,
  pages: pagesAction,
  property: async (params, ctx) => (await propertyModule).propertyAction(params, ctx),
};
