import { describe, expect, it } from 'vitest';
import * as yaml from 'yaml';
import { needsYaml, parseOperationArgs, type OperationParseOptions } from '../../../src/cli/args/operation.js';
import type { ParamfileContext } from '../../../src/cli/args/paramfile.js';
import { CliError } from '../../../src/core/errors.js';
import { findOperation } from '../../../src/model/load.js';
import type { ServiceName } from '../../../src/model/types.js';
import { loadModelSync } from './model.js';

const models = { sqs: loadModelSync('sqs'), sns: loadModelSync('sns'), kinesis: loadModelSync('kinesis') };

const files: Record<string, Buffer> = {
  '/data/body.txt': Buffer.from('line one\r\nline two\n'),
  '/data/entries.json': Buffer.from('[{"Id": "1", "MessageBody": "a"}]'),
  '/data/input.json': Buffer.from('{"QueueUrl": "from-json", "MessageBody": "json body", "DelaySeconds": 5}'),
  '/data/input.yaml': Buffer.from('QueueUrl: from-yaml\nMessageBody: yaml body\n'),
  '/data/record.bin': Buffer.from([0, 1, 2, 255]),
  '/data/latin1.txt': Buffer.from([0x68, 0xe9]),
  '/home/me/attrs.json': Buffer.from('{"DelaySeconds": "5"}'),
  '/data/five.txt': Buffer.from('5\n'),
};
const paramfiles: ParamfileContext = {
  env: { HOME: '/home/me', DATA: '/data' },
  readFile: (path) => {
    const f = files[path];
    if (f) return f;
    if (path === '/data') throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  },
};

function parse(service: ServiceName, argv: string[], opts: Partial<OperationParseOptions> = {}) {
  const model = models[service];
  const [command, ...args] = argv;
  const [opName] = findOperation(model, command!)!;
  return parseOperationArgs(args, opName, model, {
    binaryFormat: 'base64',
    paginated: !!model.paginators[opName],
    paramfiles,
    yaml: needsYaml(args) ? yaml : undefined,
    ...opts,
  });
}

function failure(service: ServiceName, argv: string[], opts: Partial<OperationParseOptions> = {}): CliError {
  try {
    parse(service, argv, opts);
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

describe('parameters an operation receives', () => {
  const table: [ServiceName, string[], Record<string, unknown>][] = [
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'hi'], { QueueUrl: 'u', MessageBody: 'hi' }],
    ['sqs', ['send-message', '--queue-url=u', '--message-body=a=b', '--delay-seconds', '-1'], { QueueUrl: 'u', MessageBody: 'a=b', DelaySeconds: -1 }],
    ['sqs', ['send-message', '--queue-u', 'u', '--message-b', 'x', '--delay', ' 7 '], { QueueUrl: 'u', MessageBody: 'x', DelaySeconds: 7 }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', '-- not an option'], { QueueUrl: 'u', MessageBody: '-- not an option' }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'a', '--message-body', 'b'], { QueueUrl: 'u', MessageBody: 'b' }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'file:///data/body.txt'], { QueueUrl: 'u', MessageBody: 'line one\nline two\n' }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'file://$DATA/body.txt'], { QueueUrl: 'u', MessageBody: 'line one\nline two\n' }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--delay-seconds', 'file:///data/five.txt'], { QueueUrl: 'u', MessageBody: 'x', DelaySeconds: 5 }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', 'City={DataType=String,StringValue=Any City}'],
      { QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { City: { DataType: 'String', StringValue: 'Any City' } } }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', '{"City": {"DataType": "String", "StringValue": "Any City"}}'],
      { QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { City: { DataType: 'String', StringValue: 'Any City' } } }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', 'a={DataType=Binary,BinaryValue=aGk=}'],
      { QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { a: { DataType: 'Binary', BinaryValue: Buffer.from('hi') } } }],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', 'a={DataType=String,StringListValues=one}'],
      { QueueUrl: 'u', MessageBody: 'x', MessageAttributes: { a: { DataType: 'String', StringListValues: ['one'] } } }],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', 'Id=1,MessageBody=a,DelaySeconds=3', 'Id=2,MessageBody=b c'],
      { QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'a', DelaySeconds: 3 }, { Id: '2', MessageBody: 'b c' }] }],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', 'file:///data/entries.json'], { QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'a' }] }],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', '{"Id": "1", "MessageBody": "a"}', '{"Id": "2", "MessageBody": "b"}'],
      { QueueUrl: 'u', Entries: [{ Id: '1', MessageBody: 'a' }, { Id: '2', MessageBody: 'b' }] }],
    ['sqs', ['receive-message', '--queue-url', 'u', '--attribute-names', 'All', 'SenderId', '--max-number-of-messages', '10'],
      { QueueUrl: 'u', AttributeNames: ['All', 'SenderId'], MaxNumberOfMessages: 10 }],
    ['sqs', ['receive-message', '--queue-url', 'u', '--attribute-names', '["All"]'], { QueueUrl: 'u', AttributeNames: ['All'] }],
    ['sqs', ['receive-message', '--queue-url', 'u', '--attribute-names'], { QueueUrl: 'u', AttributeNames: [] }],
    ['sqs', ['receive-message', '--queue-url', 'u', '--attribute-names=All', '--wait-time-seconds', '20'], { QueueUrl: 'u', AttributeNames: ['All'], WaitTimeSeconds: 20 }],
    ['sqs', ['create-queue', '--queue-name', 'q', '--attributes', 'VisibilityTimeout=60,DelaySeconds=10', '--tags', 'Priority=Highest'],
      { QueueName: 'q', Attributes: { VisibilityTimeout: '60', DelaySeconds: '10' }, tags: { Priority: 'Highest' } }],
    ['sqs', ['create-queue', '--queue-name', 'q', '--attributes', 'file://~/attrs.json'], { QueueName: 'q', Attributes: { DelaySeconds: '5' } }],
    ['sqs', ['add-permission', '--queue-url', 'u', '--label', 'l', '--aws-account-ids', '111122223333', '--actions', 'SendMessage', 'ReceiveMessage'],
      { QueueUrl: 'u', Label: 'l', AWSAccountIds: ['111122223333'], Actions: ['SendMessage', 'ReceiveMessage'] }],
    ['sns', ['subscribe', '--topic-arn', 't', '--protocol', 'sqs', '--notification-endpoint', 'arn:q', '--return-subscription-arn'],
      { TopicArn: 't', Protocol: 'sqs', Endpoint: 'arn:q', ReturnSubscriptionArn: true }],
    ['sns', ['subscribe', '--topic-arn', 't', '--protocol', 'sqs', '--return-subscription-arn', '--no-return-subscription-arn'],
      { TopicArn: 't', Protocol: 'sqs', ReturnSubscriptionArn: false }],
    ['sns', ['subscribe', '--topic-arn', 't', '--protocol', 'sqs', '--attributes', 'RawMessageDelivery=true'],
      { TopicArn: 't', Protocol: 'sqs', Attributes: { RawMessageDelivery: 'true' } }],
    ['sns', ['set-sms-attributes', '--attributes', 'DefaultSenderID=MyName'], { attributes: { DefaultSenderID: 'MyName' } }],
    ['sns', ['publish', '--topic-arn', 't', '--message', 'm', '--message-attributes', 'k={DataType=String,StringValue="a,b"}'],
      { TopicArn: 't', Message: 'm', MessageAttributes: { k: { DataType: 'String', StringValue: 'a,b' } } }],
    ['kinesis', ['put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'aGVsbG8='], { StreamName: 's', PartitionKey: 'k', Data: Buffer.from('hello') }],
    ['kinesis', ['put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'fileb:///data/record.bin'], { StreamName: 's', PartitionKey: 'k', Data: Buffer.from([0, 1, 2, 255]) }],
    ['kinesis', ['put-records', '--stream-name', 's', '--records', 'Data=YmxvYjE=,PartitionKey=partitionkey1', 'Data=YmxvYjI=,PartitionKey=partitionkey2'],
      { StreamName: 's', Records: [{ Data: Buffer.from('blob1'), PartitionKey: 'partitionkey1' }, { Data: Buffer.from('blob2'), PartitionKey: 'partitionkey2' }] }],
    ['kinesis', ['create-stream', '--stream-name', 's', '--stream-mode-details', 'StreamMode=ON_DEMAND'], { StreamName: 's', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }],
    ['kinesis', ['create-stream', '--stream-name', 's', '--shard-count', '3', '--tags', 'Key=Team,Value=Alpha'], { StreamName: 's', ShardCount: 3, Tags: { Key: 'Team', Value: 'Alpha' } }],
    ['kinesis', ['get-shard-iterator', '--stream-name', 's', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '2016-04-04T19:58:46.480-00:00'],
      { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date('2016-04-04T19:58:46.480Z') }],
    ['kinesis', ['get-shard-iterator', '--stream-name', 's', '--shard-id', 'x', '--shard-iterator-type', 'AT_TIMESTAMP', '--timestamp', '1459799926'],
      { StreamName: 's', ShardId: 'x', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date('2016-04-04T19:58:46Z') }],
    ['kinesis', ['list-shards', '--stream-name', 's', '--shard-filter', 'Type=AT_TIMESTAMP,Timestamp=2020-01-01'],
      { StreamName: 's', ShardFilter: { Type: 'AT_TIMESTAMP', Timestamp: new Date('2020-01-01T00:00:00Z') } }],
    ['kinesis', ['increase-stream-retention-period', '--stream-name', 's', '--retention-period-hours', '48'], { StreamName: 's', RetentionPeriodHours: 48 }],
  ];
  for (const [service, argv, params] of table) {
    it(`${service} ${argv.join(' ')}`, () => {
      const r = parse(service, argv);
      expect(r.help).toBe(false);
      expect(r.params).toEqual(params);
    });
  }

  it('takes raw text for blobs under raw-in-base64-out', () => {
    const r = parse('kinesis', ['put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'héllo'], { binaryFormat: 'raw-in-base64-out' });
    expect(r.params.Data).toEqual(Buffer.from('héllo'));
  });
});

describe('help', () => {
  it('is the sole word "help"', () => {
    expect(parse('sqs', ['send-message', 'help']).help).toBe(true);
  });
  it('is also a trailing "help" once the required arguments are there', () => {
    expect(parse('sqs', ['send-message', '--queue-url', 'u', '--message-body', 'b', 'help']).help).toBe(true);
  });
  it('needs the required arguments otherwise', () => {
    expect(failure('sqs', ['send-message', '--queue-url', 'u', 'help']).message).toBe('the following arguments are required: --message-body');
  });
});

describe('usage errors, worded as argparse and the AWS CLI word them', () => {
  const table: [ServiceName, string[], string, boolean][] = [
    ['sqs', ['send-message'], 'the following arguments are required: --queue-url, --message-body', true],
    ['sqs', ['send-message', '--queue-url', 'u'], 'the following arguments are required: --message-body', true],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body'], 'argument --message-body: expected one argument', true],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', '-x'], 'argument --message-body: expected one argument', true],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', '--', '-x'], 'argument --message-body: expected one argument', true],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--foo', 'b', 'c'], 'Unknown options: --foo, c, b', true],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', 'extra'], 'Unknown options: extra', true],
    ['sqs', ['list-queues', '--max'], 'ambiguous option: --max could match --max-results, --max-items', true],
    ['sqs', ['list-queues', '--max-items', 'ten'], "argument --max-items: invalid int value: 'ten'", true],
    ['sqs', ['list-queues', '--page-size', '1.5'], "argument --page-size: invalid int value: '1.5'", true],
    ['sqs', ['list-queues', '--generate-cli-skeleton', 'json'], "argument --generate-cli-skeleton: Found invalid choice 'json'\n", true],
    ['sns', ['subscribe', '--topic-arn', 't', '--protocol', 'p', '--return-subscription-arn=yes'], "argument --return-subscription-arn: ignored explicit argument 'yes'", true],
    ['sqs', ['list-queues', '--no-paginate-x'], 'Unknown options: --no-paginate-x', true],
  ];
  for (const [service, argv, message, showUsage] of table) {
    it(`${service} ${argv.join(' ')}`, () => {
      const e = failure(service, argv);
      expect(e.kind).toBe('usage');
      expect(e.message).toBe(message);
      expect(e.showUsage).toBe(showUsage);
    });
  }

  const params: [ServiceName, string[], string][] = [
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'file:///missing.txt'],
      "Error parsing parameter '--message-body': Unable to load paramfile file:///missing.txt: [Errno 2] No such file or directory: '/missing.txt'"],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'file:///data'],
      "Error parsing parameter '--message-body': Unable to load paramfile file:///data: [Errno 21] Is a directory: '/data'"],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'file:///data/latin1.txt'],
      "Error parsing parameter '--message-body': Unable to load paramfile (/data/latin1.txt), text contents could not be decoded.  If this is a binary file, please use the fileb:// prefix instead of the file:// prefix."],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', 'a={DataType=String'],
      "Error parsing parameter '--message-attributes': Expected: ',', received: 'EOF' for input:\n a={DataType=String\n                  ^"],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--message-attributes', '{"a": }'],
      'Error parsing parameter \'--message-attributes\': Invalid JSON: Expecting value: line 1 column 7 (char 6)\nJSON received: {"a": }'],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', 'Id=1,MessageBody=a,Id=2'],
      'Error parsing parameter \'--entries\': Second instance of key "Id" encountered for input:\nId=1,MessageBody=a,Id=2\n                   ^\nThis is often because there is a preceding "," instead of a space.'],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', '{"Id": "1"}', 'Id=2'], "Error parsing parameter '--entries': Invalid JSON:\nId=2"],
    ['sqs', ['list-queues', '--max-items', '2', '--max-results', '1'], 'Cannot specify --no-paginate along with pagination arguments: --max-items'],
    ['kinesis', ['list-streams', '--exclusive-start-stream-name', 's', '--starting-token', 't'], 'Cannot specify --no-paginate along with pagination arguments: --starting-token'],
    ['sqs', ['send-message', '--cli-input-json', '{}', '--cli-input-yaml', 'a: 1'], 'Only one --cli-input- parameter may be specified.'],
    ['sqs', ['send-message', '--cli-input-json', '{"QueueUrl": '], "Error parsing parameter 'cli-input-json': Invalid JSON received."],
    ['sqs', ['send-message', '--cli-input-json', '[1]'], "Error parsing parameter '--cli-input-json': Invalid type: expecting map, received <class 'list'>"],
    ['sqs', ['send-message', '--cli-input-yaml', 'a: [1'], "Error parsing parameter 'cli-input-yaml': Invalid YAML received."],
    ['sqs', ['send-message', '--cli-input-yaml', ''], "Error parsing parameter '--cli-input-yaml': Invalid type: expecting map, received <class 'NoneType'>"],
    ['sqs', ['send-message', '--cli-input-json', 'file:///nope.json'],
      "Error parsing parameter '--cli-input-json': Unable to load paramfile file:///nope.json: [Errno 2] No such file or directory: '/nope.json'"],
    ['sqs', ['add-permission', '--queue-url', 'u', '--label', 'l', '--aws-account-ids', '1', '--actions', 'a', '--cli-input-json', 'x'],
      "Error parsing parameter 'cli-input-json': Invalid JSON received."],
  ];
  for (const [service, argv, message] of params) {
    it(`${service} ${argv.join(' ')}`, () => {
      const e = failure(service, argv, service === 'sqs' && argv[0] === 'list-queues' ? {} : {});
      expect(e.kind).toBe('usage');
      expect(e.showUsage).toBe(false);
      expect(e.message).toBe(message);
    });
  }

  it('--no-paginate with paging arguments', () => {
    expect(failure('sqs', ['list-queues', '--starting-token', 't', '--page-size', '3'], { noPaginate: true }).message).toBe(
      'Cannot specify --no-paginate along with pagination arguments: --starting-token, --page-size',
    );
    expect(parse('sqs', ['list-queues', '--max-items', '0'], { noPaginate: true }).paginate).toBe(false);
  });
});

describe('errors the CLI ends with exit 255 (Python exceptions it does not catch)', () => {
  const table: [ServiceName, string[], string][] = [
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--delay-seconds', 'abc'], "invalid literal for int() with base 10: 'abc'"],
    ['sqs', ['send-message', '--queue-url', 'u', '--message-body', 'x', '--delay-seconds', '1.0'], "invalid literal for int() with base 10: '1.0'"],
    ['sqs', ['send-message-batch', '--queue-url', 'u', '--entries', 'Id=1,MessageBody=a,DelaySeconds=x'], "invalid literal for int() with base 10: 'x'"],
    ['kinesis', ['put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'hello'], 'Invalid base64: "hello"'],
    ['kinesis', ['put-record', '--stream-name', 's', '--partition-key', 'k', '--data', 'héllo'], 'string argument should contain only ASCII characters'],
  ];
  for (const [service, argv, first] of table) {
    it(`${service} ${argv.join(' ')}`, () => {
      const e = failure(service, argv);
      expect(e.kind).toBe('other');
      expect(e.message.split('\n')[0]).toBe(first);
    });
  }
  it('a non-JSON value after a JSON one in a list of structures', () => {
    const e = failure('sqs', ['send-message-batch', '--queue-url', 'u', '--entries', '{"Id": "1"}', 'not json']);
    expect(e.message).toBe("Error parsing parameter '--entries': Invalid JSON:\nnot json");
  });
});

describe('--cli-input-json, --cli-input-yaml and skeletons', () => {
  it('fills members the flags did not set; flags win', () => {
    const r = parse('sqs', ['send-message', '--cli-input-json', 'file:///data/input.json', '--message-body', 'flag body']);
    expect(r.params).toEqual({ MessageBody: 'flag body', QueueUrl: 'from-json', DelaySeconds: 5 });
  });
  it('makes required flags optional', () => {
    expect(parse('sqs', ['send-message', '--cli-input-yaml', 'file:///data/input.yaml']).params).toEqual({
      QueueUrl: 'from-yaml',
      MessageBody: 'yaml body',
    });
  });
  it('base64-decodes blobs that come from JSON input too', () => {
    const r = parse('kinesis', ['put-record', '--cli-input-json', '{"StreamName": "s", "PartitionKey": "k", "Data": "aGk="}']);
    expect(r.params.Data).toEqual(Buffer.from('hi'));
  });
  it('a manual paging token in the JSON input turns automatic paging off', () => {
    const r = parse('sqs', ['list-queues', '--cli-input-json', '{"MaxResults": 1}']);
    expect(r.paginate).toBe(false);
    expect(r.params).toEqual({ MaxResults: 1 });
  });
  it('skeleton input / yaml-input skip required arguments; output keeps them', () => {
    expect(parse('sqs', ['send-message', '--generate-cli-skeleton']).skeleton).toBe('input');
    expect(parse('sqs', ['send-message', '--generate-cli-skeleton', 'yaml-input']).skeleton).toBe('yaml-input');
    expect(failure('sqs', ['send-message', '--generate-cli-skeleton', 'output']).message).toBe(
      'the following arguments are required: --queue-url, --message-body',
    );
    const r = parse('sqs', ['send-message', '--queue-url', 'u', '--message-body', 'b', '--generate-cli-skeleton', 'output']);
    expect(r.skeleton).toBe('output');
    expect(r.params).toEqual({ QueueUrl: 'u', MessageBody: 'b' });
  });
});

describe('paging', () => {
  it('collects --starting-token, --page-size, --max-items for a paginated operation', () => {
    const r = parse('kinesis', ['list-streams', '--starting-token', 'abc', '--page-size', '5', '--max-items', '10']);
    expect(r).toMatchObject({ paginate: true, paging: { startingToken: 'abc', pageSize: 5, maxItems: 10 }, params: {} });
  });
  it('warns on a non-positive --max-items', () => {
    expect(parse('sqs', ['list-queues', '--max-items', '-1']).warnings).toEqual([
      'warning: Non-positive values for --max-items may result in undefined behavior.',
    ]);
  });
  it('the hidden raw paging parameters are accepted and turn paging off', () => {
    const r = parse('kinesis', ['describe-stream', '--stream-name', 's', '--limit', '2', '--exclusive-start-shard-id', 'shardId-1']);
    expect(r).toMatchObject({ paginate: false, params: { StreamName: 's', Limit: 2, ExclusiveStartShardId: 'shardId-1' } });
  });
  it('paging flags do not exist for an operation without a paginator', () => {
    expect(failure('sqs', ['send-message', '--queue-url', 'u', '--message-body', 'b', '--max-items', '1']).message).toBe(
      'Unknown options: --max-items, 1',
    );
  });
  it('--no-paginate means one call', () => {
    expect(parse('sqs', ['list-queues'], { noPaginate: true }).paginate).toBe(false);
    expect(parse('sqs', ['list-queues']).paginate).toBe(true);
  });
});
