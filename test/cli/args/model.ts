/** The trimmed service models, read synchronously for table-driven tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceModel, ServiceName } from '../../../src/model/types.js';

export function loadModelSync(service: ServiceName): ServiceModel {
  const path = fileURLToPath(new URL(`../../../src/model/data/${service}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
}
