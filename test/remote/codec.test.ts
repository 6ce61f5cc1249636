/**
 * The client's codecs are the server's read backwards: a request the client writes is read by
 * the server's decoder into the same input, and a response the server writes is read by the
 * client into the same output (Dates, Buffers, numbers). Also the error readers, the XML
 * reader, and which endpoint a command goes to (the AWS CLI v2's order).
 */
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { loadModel } from '../../src/model/load.js';
import { chooseTarget, type TargetInputs } from '../../src/remote/choose.js';
import { decodeError } from '../../src/remote/client.js';
import { decodeQueryError, decodeQueryResponse, encodeQueryRequest } from '../../src/remote/query.js';
import { parseXml } from '../../src/remote/xml.js';
import { decodeQueryInput, encodeXmlError, encodeXmlResponse, parseForm } from '../../src/server/protocols/query.js';
import { parseConfigFile } from '../../src/cli/config.js';

describe('the query protocol, client side', () => {
  it('writes requests the server reads back into the same input (maps, lists, nested structures, blobs)', async () => {
    const sns = await loadModel('sns');
    const input = {
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:orders',
      Message: 'a & b = "c" é',
      MessageAttributes: {
        type: { DataType: 'String', StringValue: 'shipped' },
        raw: { DataType: 'Binary', BinaryValue: Buffer.from([0, 1, 255]) },
      },
    };
    const body = encodeQueryRequest(sns, 'Publish', input);
    expect(body.startsWith('Action=Publish&Version=2010-03-31&')).toBe(true);
    expect(body).toContain('MessageAttributes.entry.1.Name=type');
    const params = parseForm(body);
    expect(decodeQueryInput(sns, 'PublishInput', params)).toEqual(input);

    const batch = {
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:orders',
      PublishBatchRequestEntries: [
        { Id: '1', Message: 'one' },
        { Id: '2', Message: 'two', MessageAttributes: { a: { DataType: 'Number', StringValue: '5' } } },
      ],
    };
    expect(decodeQueryInput(sns, 'PublishBatchInput', parseForm(encodeQueryRequest(sns, 'PublishBatch', batch)))).toEqual(batch);
    // an empty list is sent as the bare name, as botocore sends it
    expect(encodeQueryRequest(sns, 'UntagResource', { ResourceArn: 'a', TagKeys: [] })).toContain('TagKeys=');
  });

  it('reads the XML the server writes into the same output', async () => {
    const sns = await loadModel('sns');
    const out = {
      Subscriptions: [
        { SubscriptionArn: 'arn:aws:sns:us-east-1:000000000000:t:1', Owner: '000000000000', Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q', TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' },
        { SubscriptionArn: 'PendingConfirmation', Owner: '000000000000', Protocol: 'http', Endpoint: 'http://x/<&>', TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' },
      ],
      NextToken: 'tok',
    };
    const xml = encodeXmlResponse(sns, 'ListSubscriptionsByTopic', out, 'rid');
    expect(decodeQueryResponse(sns, 'ListSubscriptionsByTopic', xml)).toEqual(out);
    const attrs = { Attributes: { Policy: '{"a": "<b>"}', DisplayName: 'x\r\ny' } };
    expect(decodeQueryResponse(sns, 'GetTopicAttributes', encodeXmlResponse(sns, 'GetTopicAttributes', attrs, 'r'))).toEqual(attrs);
    const sms = { attributes: { MonthlySpendLimit: '1' } };
    expect(decodeQueryResponse(sns, 'GetSMSAttributes', encodeXmlResponse(sns, 'GetSMSAttributes', sms, 'r'))).toEqual(sms);
    expect(decodeQueryResponse(sns, 'DeleteTopic', encodeXmlResponse(sns, 'DeleteTopic', {}, 'r'))).toEqual({});
  });

  it('reads the query protocol error body: code, message, fault, status', () => {
    const xml = encodeXmlError(undefined, { code: 'NotFound', message: 'Topic does not exist', senderFault: true }, 'rid');
    const e = decodeQueryError(xml, 404)!;
    expect(e).toBeInstanceOf(AwsError);
    expect([e.code, e.message, e.senderFault, e.httpStatus]).toEqual(['NotFound', 'Topic does not exist', true, 404]);
    expect(decodeQueryError('<html>no</html>', 502)).toBeUndefined();
  });
});

describe('the XML reader', () => {
  it('reads entities, character references, CDATA, comments and prefixed names', () => {
    const el = parseXml('<?xml version="1.0"?>\n<!-- c --><a:R xmlns:a="x"><v>1 &amp; &lt;2&gt; &#xD;&#65;</v><w><![CDATA[<raw>]]></w><e/></a:R>');
    expect(el.name).toBe('R');
    expect(el.children.map((c) => [c.name, c.text])).toEqual([
      ['v', '1 & <2> \rA'],
      ['w', '<raw>'],
      ['e', ''],
    ]);
  });

  it('refuses what is not XML', () => {
    for (const bad of ['', 'text', '<a><b></a>', '<a>', '<a></a><b></b>', '<a>&nope;</a>']) expect(() => parseXml(bad), bad).toThrow();
  });
});

describe('the JSON protocols, errors', () => {
  const res = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    statusText: status === 404 ? 'Not Found' : '',
    headers,
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
  });

  it('takes SQS query codes from x-amzn-query-error, else from the model', async () => {
    const sqs = await loadModel('sqs');
    const withHeader = decodeError(sqs, res(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'gone' }, { 'x-amzn-query-error': 'AWS.SimpleQueueService.NonExistentQueue;Sender' }));
    expect([withHeader.code, withHeader.message, withHeader.senderFault, withHeader.shape]).toEqual(['AWS.SimpleQueueService.NonExistentQueue', 'gone', true, 'QueueDoesNotExist']);
    const without = decodeError(sqs, res(400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'gone' }));
    expect(without.code).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });

  it('reads Kinesis __type as the code, and a body that is not JSON as the HTTP status', async () => {
    const kinesis = await loadModel('kinesis');
    const e = decodeError(kinesis, res(400, { __type: 'ResourceNotFoundException', message: 'Stream s not found.' }));
    expect([e.code, e.message, e.httpStatus]).toEqual(['ResourceNotFoundException', 'Stream s not found.', 400]);
    const html = decodeError(kinesis, res(404, '<html>nope</html>'));
    expect([html.code, html.message]).toEqual(['404', 'Not Found']);
  });
});

describe('which target a command works on', () => {
  const inputs = (over: Partial<TargetInputs> & { config?: string } = {}): TargetInputs => {
    const sections = parseConfigFile(over.config ?? '');
    return { env: {}, profileSettings: sections.get('default') ?? {}, configSections: sections, region: 'eu-west-1', ...over };
  };
  const url = (i: TargetInputs, s: 'sqs' | 'sns' | 'kinesis' = 'sqs') => chooseTarget(i)?.endpointFor(s).url;

  it('is the local state file unless an endpoint or AWS is asked for', () => {
    expect(chooseTarget(inputs())).toBeUndefined();
    expect(chooseTarget(inputs({ env: { AWSMSG_TARGET: 'local', AWS_ENDPOINT_URL: 'http://a' } }))).toBeUndefined();
    expect(chooseTarget(inputs({ env: { AWS_ENDPOINT_URL: 'http://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }))).toBeUndefined();
  });

  it('takes endpoints in the AWS CLI v2 order: flag, service variable, global variable, services section, profile', () => {
    const config = '[default]\nendpoint_url = http://profile\nservices = mine\n[services mine]\nsqs =\n  endpoint_url = http://section-sqs\n';
    const env = { AWS_ENDPOINT_URL_SQS: 'http://env-sqs', AWS_ENDPOINT_URL: 'http://env' };
    expect(url(inputs({ config, env, endpointUrl: 'http://flag' }))).toBe('http://flag');
    expect(url(inputs({ config, env }))).toBe('http://env-sqs');
    expect(url(inputs({ config, env }), 'sns')).toBe('http://env');
    expect(url(inputs({ config }))).toBe('http://section-sqs');
    expect(url(inputs({ config }), 'kinesis')).toBe('http://profile');
    // ignoring configured endpoints leaves only the flag
    expect(chooseTarget(inputs({ config, env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } }))).toBeUndefined();
    const ignoring = '[default]\nignore_configured_endpoint_urls = true\nendpoint_url = http://profile\n';
    expect(chooseTarget(inputs({ config: ignoring }))).toBeUndefined();
    expect(url(inputs({ config: ignoring, endpointUrl: 'http://flag' }))).toBe('http://flag');
  });

  it('takes an endpoint named by AWSMSG_TARGET (or a stored setting) as --endpoint-url, below the flag', () => {
    const env = { AWSMSG_TARGET: 'http://team:4566', AWS_ENDPOINT_URL: 'http://env' };
    expect(url(inputs({ env }), 'kinesis')).toBe('http://team:4566');
    expect(url(inputs({ env, endpointUrl: 'http://flag' }))).toBe('http://flag');
    expect(url(inputs({ stored: 'http://stored:4566' }))).toBe('http://stored:4566');
    expect(url(inputs({ env: { AWSMSG_TARGET: 'local' }, stored: 'http://stored:4566' }))).toBeUndefined();
    expect(url(inputs({ stored: 'aws' }))).toBe('https://sqs.eu-west-1.amazonaws.com');
  });

  it('reaches AWS only when asked by name, with the region', () => {
    expect(url(inputs({ remote: true }))).toBe('https://sqs.eu-west-1.amazonaws.com');
    expect(url(inputs({ env: { AWSMSG_TARGET: 'aws' } }), 'kinesis')).toBe('https://kinesis.eu-west-1.amazonaws.com');
    expect(chooseTarget(inputs({ remote: true }))!.label).toBe('AWS eu-west-1');
    expect(url(inputs({ remote: true, region: 'cn-north-1' }), 'sns')).toBe('https://sns.cn-north-1.amazonaws.com.cn');
  });

  it('refuses a service with no endpoint when others have one, and a bad setting', () => {
    const only = chooseTarget(inputs({ env: { AWS_ENDPOINT_URL_SQS: 'http://q' } }))!;
    expect(only.endpointFor('sqs').url).toBe('http://q');
    expect(() => only.endpointFor('sns')).toThrow(/No endpoint is configured for SNS/);
    expect(() => chooseTarget(inputs({ env: { AWSMSG_TARGET: 'cloud' } }))).toThrow(/AWSMSG_TARGET must be "local", "aws" or an endpoint's URL/);
    expect(() => chooseTarget(inputs({ config: '[default]\nservices = gone\n' }))).toThrow(/"gone" services configuration does not exist/);
  });
});

describe('credentials of a long-running client', () => {
  it('are resolved once, and again when temporary ones come within five minutes of expiring', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { RemoteClient } = await import('../../src/remote/client.js');
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-refresh-'));
    try {
      const count = join(dir, 'count');
      const client = (minutes: number) => {
        const script = join(dir, `creds-${minutes}.js`);
        writeFileSync(
          script,
          `require('fs').appendFileSync(${JSON.stringify(count)}, 'x');` +
            `console.log(JSON.stringify({Version: 1, AccessKeyId: 'AKID', SecretAccessKey: 's', Expiration: new Date(Date.now() + ${minutes} * 60000).toISOString()}))`,
        );
        writeFileSync(join(dir, 'config'), `[default]\ncredential_process = ${process.execPath} ${script}\n`);
        return new RemoteClient({
          choice: chooseTarget({ env: {}, profileSettings: {}, configSections: new Map(), region: 'us-east-1', endpointUrl: 'http://127.0.0.1:1' })!,
          region: 'us-east-1',
          env: { HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') },
          profile: 'default',
          profileFromFlag: false,
          noSignRequest: false,
          transport: { verifySsl: true, connectTimeoutMs: 1000, readTimeoutMs: 1000 },
          maxAttempts: 1,
        });
      };
      const lasting = client(60);
      await Promise.all([lasting.resolveCredentials(), lasting.resolveCredentials()]);
      await lasting.resolveCredentials();
      expect(readFileSync(count, 'utf8')).toBe('x');
      const expiring = client(2);
      await expiring.resolveCredentials();
      await expiring.resolveCredentials();
      expect(readFileSync(count, 'utf8')).toBe('xxx');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
