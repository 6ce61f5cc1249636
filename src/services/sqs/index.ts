import type { HandlerTable } from '../../core/context.js';

/** The service's operations, by AWS operation name. */
export const handlers: HandlerTable = {};
