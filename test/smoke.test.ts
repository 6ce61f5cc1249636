import { describe, expect, it } from 'vitest';
import { loadModel, findOperation } from '../src/model/load.js';
import { loadHandlers } from '../src/services/registry.js';

describe('service models', () => {
  it('has every operation of the three services', async () => {
    expect(Object.keys((await loadModel('sqs')).operations)).toHaveLength(23);
    expect(Object.keys((await loadModel('sns')).operations)).toHaveLength(42);
    expect(Object.keys((await loadModel('kinesis')).operations)).toHaveLength(39);
  });
  it('has a handler for every operation of the models, and none besides', async () => {
    for (const service of ['sqs', 'sns', 'kinesis'] as const) {
      const operations = Object.keys((await loadModel(service)).operations).sort();
      const handlers = await loadHandlers(service);
      expect(Object.keys(handlers).filter((op) => typeof handlers[op] === 'function').sort(), service).toEqual(operations);
    }
  });
  it('names commands as the AWS CLI does', async () => {
    const sns = await loadModel('sns');
    const found = findOperation(sns, 'subscribe');
    expect(found?.[0]).toBe('Subscribe');
    expect(found?.[1].args.map((a) => a.name)).toContain('notification-endpoint');
  });
});
