import fc from 'fast-check';
import { modelCommands } from '../commands/index.js';
import { ScimModel } from '../model.js';
import { defineProperty } from './define.js';

/**
 * Model-based: generated sequences of Entra's operations (users, groups, members, restarts,
 * queries); after each command the touched resources are compared with the model, and a failing
 * sequence shrinks to the fewest commands that still fail.
 */
export const model = defineProperty({
  name: 'model',
  checks: [
    'property.read-back',
    'property.patch-model',
    'property.member-readd',
    'property.model-state',
    'property.filter-username',
    'property.filter-username-case',
    'property.filter-external-id',
    'property.username-unique',
  ],
  defaultRuns: 30,
  // fc.commands alone: combined with another arbitrary it cannot shrink commands that first ran in a shrink.
  arbitrary: (env) => fc.commands([modelCommands(env.ctx.variant.dialect, env.userAttributes)], { maxCommands: env.maxCommands, size: 'max' }),
  run: (commands, session) => fc.asyncModelRun(() => ({ model: new ScimModel(), real: session }), commands),
  counterexample: (failure) => failure.steps,
});
