import type { HandlerTable } from '../core/context.js';
import type { ServiceName } from '../model/types.js';

/** Each service's operations are their own chunk, loaded only by a command that needs them. */
export async function loadHandlers(service: ServiceName): Promise<HandlerTable> {
  switch (service) {
    case 'sqs':
      return (await import('./sqs/index.js')).handlers;
    case 'sns':
      return (await import('./sns/index.js')).handlers;
    case 'kinesis':
      return (await import('./kinesis/index.js')).handlers;
  }
}
