import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('data keys that are JavaScript property names', () => {
  it('keeps a message attribute named "__proto__" from send to receive', () => {
    const url = JSON.parse(sb.run(['sqs', 'create-queue', '--queue-name', 'proto']).stdout).QueueUrl;
    const sent = sb.run([
      'sqs', 'send-message', '--queue-url', url, '--message-body', 'x',
      '--message-attributes', '{"__proto__": {"DataType": "String", "StringValue": "v"}}',
    ]);
    expect(sent.status).toBe(0);
    // AWS's MD5 of the one attribute named __proto__ (String "v")
    expect(JSON.parse(sent.stdout).MD5OfMessageAttributes).toBe('89e500c9176a312bba1e35201f671f58');
    const got = sb.run(['sqs', 'receive-message', '--queue-url', url, '--message-attribute-names', 'All', '--query', 'Messages[0].MessageAttributes']);
    expect(got.stdout).toBe('{\n    "__proto__": {\n        "StringValue": "v",\n        "DataType": "String"\n    }\n}\n');
  });
});
