/**
 * The help text, loaded when a page is asked for. Each import() here is a bundle of its own
 * (src/build.mjs), so a command that shows no help never reads any of it, and a service's page
 * reads only that service's text.
 */
import type { ServiceName } from '../model/types.js';
import type { OwnCommandHelp, RecordedOutputs, ServiceHelp } from './types.js';

export interface LoadedServiceHelp {
  help: ServiceHelp;
  recorded: RecordedOutputs;
}

const SERVICES: Record<ServiceName, () => Promise<LoadedServiceHelp>> = {
  sqs: () => import('./sqs.js'),
  sns: () => import('./sns.js'),
  kinesis: () => import('./kinesis.js'),
};

export function loadServiceHelp(service: ServiceName): Promise<LoadedServiceHelp> {
  return SERVICES[service]();
}

export interface LoadedOwnHelp {
  pages: Record<string, OwnCommandHelp>;
  recorded: RecordedOutputs;
}

export function loadOwnHelp(): Promise<LoadedOwnHelp> {
  return import('./own.js');
}
