import type { Ctx } from '../core/context.js';
import type { ServiceModel } from '../model/types.js';
import { loadHandlers } from '../services/registry.js';
import type { PageCall } from './output/paginate.js';

/** One call of one operation of the operation layer: the adapters' single way in. */
export async function operationCall(ctx: Ctx, model: ServiceModel, opName: string): Promise<PageCall> {
  const handlers = await loadHandlers(model.service);
  const handler = handlers[opName];
  // every operation of the models has a handler (test/smoke.test.ts): a miss is a bug
  if (!handler) throw new Error(`internal error: no ${model.service} handler for ${opName}`);
  return async (params) => ((await handler(ctx, params)) ?? {}) as Record<string, unknown>;
}

/** Calls an operation once (no pagination): for waiters, the REPL's completion and the guide. */
export async function invokeOperation(
  ctx: Ctx,
  model: ServiceModel,
  opName: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return (await operationCall(ctx, model, opName))(params);
}
