import type { ServiceModel, ServiceName, OperationModel } from './types.js';

/** Each model is its own chunk: a command loads only its service's model. */
const loaders: Record<ServiceName, () => Promise<{ default: unknown }>> = {
  sqs: () => import('./data/sqs.json'),
  sns: () => import('./data/sns.json'),
  kinesis: () => import('./data/kinesis.json'),
};

export async function loadModel(service: ServiceName): Promise<ServiceModel> {
  const mod = await loaders[service]();
  return mod.default as ServiceModel;
}

/** Find an operation by its CLI name ("send-message") and return [OperationName, model]. */
export function findOperation(model: ServiceModel, cliName: string): [string, OperationModel] | undefined {
  for (const [name, op] of Object.entries(model.operations)) {
    if (op.cli === cliName) return [name, op];
  }
  return undefined;
}

/** A waiter's CLI name: StreamExists -> stream-exists. */
export function waiterCliName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
