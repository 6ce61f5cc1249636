/**
 * Pagination against botocore's PageIterator (fixtures/output/pagination.json, made by
 * fixtures/output/make_pagination.py with the same fake services as below).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/core/errors.js';
import { loadModel } from '../../../src/model/load.js';
import { encodeResumeToken, paginate, paginatePages, paginateRawPages, type PageCall, type PaginateOptions } from '../../../src/cli/output/paginate.js';
import type { Paginator } from '../../../src/model/types.js';

type Dict = Record<string, unknown>;

const QUEUES = Array.from({ length: 7 }, (_, i) => `https://sqs.us-east-1.amazonaws.com/123456789012/q${i}`);
const SHARDS = Array.from({ length: 5 }, (_, i) => ({
  ShardId: `shardId-${String(i).padStart(12, '0')}`,
  HashKeyRange: { StartingHashKey: String(i), EndingHashKey: String(i) },
}));
const STREAMS = Array.from({ length: 5 }, (_, i) => `s${i}`);

const listQueues = (items: string[], def = 3) => (kw: Dict): Dict => {
  const start = Number(kw.NextToken ?? 0);
  const n = (kw.MaxResults as number | undefined) ?? def;
  const page = items.slice(start, start + n);
  const out: Dict = {};
  if (page.length > 0) out.QueueUrls = page;
  if (start + n < items.length) out.NextToken = String(start + n);
  return out;
};

const describeStream = (shards: typeof SHARDS, def = 2) => (kw: Dict): Dict => {
  const after = kw.ExclusiveStartShardId as string | undefined;
  const start = after === undefined ? 0 : shards.findIndex((s) => s.ShardId === after) + 1;
  const n = (kw.Limit as number | undefined) ?? def;
  return {
    StreamDescription: {
      StreamName: 'clicks', StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/clicks',
      StreamStatus: 'ACTIVE', StreamModeDetails: { StreamMode: 'PROVISIONED' }, Shards: structuredClone(shards.slice(start, start + n)),
      HasMoreShards: start + n < shards.length, RetentionPeriodHours: 24,
      StreamCreationTimestamp: '2024-03-01T12:30:45+00:00', EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
    },
  };
};

const listStreams = (names: string[], def = 2) => (kw: Dict): Dict => {
  const start = Number(kw.NextToken ?? 0);
  const n = (kw.Limit as number | undefined) ?? def;
  const page = names.slice(start, start + n);
  const out: Dict = {
    StreamNames: page, HasMoreStreams: start + n < names.length,
    StreamSummaries: page.map((s) => ({ StreamName: s, StreamStatus: 'ACTIVE' })),
  };
  if (start + n < names.length) out.NextToken = String(start + n);
  return out;
};

const sqs = await loadModel('sqs');
const kinesis = await loadModel('kinesis');
const SERVICES: Record<string, [(kw: Dict) => Dict, Paginator]> = {
  'list-queues': [listQueues(QUEUES), sqs.paginators.ListQueues!],
  'list-queues-empty': [listQueues([]), sqs.paginators.ListQueues!],
  'describe-stream': [describeStream(SHARDS), kinesis.paginators.DescribeStream!],
  'list-streams': [listStreams(STREAMS), kinesis.paginators.ListStreams!],
};

interface Scenario {
  service: string;
  config: { PageSize?: number; MaxItems?: number; StartingToken?: string };
  calls: Dict[];
  full?: Dict;
  text?: Dict[];
  raw?: Dict[];
  error?: string;
}

const scenarios = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../fixtures/output/pagination.json', import.meta.url)), 'utf8'),
) as Scenario[];

function recorder(service: string): { call: PageCall; calls: Dict[] } {
  const [fake] = SERVICES[service]!;
  const calls: Dict[] = [];
  return {
    calls,
    call: async (params) => {
      calls.push(structuredClone(params));
      return fake(params);
    },
  };
}

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(structuredClone(item));
  return out;
}

// Key order matters (it is the order the CLI prints), so compare serialised forms.
const same = (actual: unknown, expected: unknown): void => expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));

describe('paginate like botocore PageIterator', () => {
  for (const s of scenarios) {
    it(`${s.service} ${JSON.stringify(s.config)}`, async () => {
      const paginator = SERVICES[s.service]![1];
      const opts: PaginateOptions = { pageSize: s.config.PageSize, maxItems: s.config.MaxItems, startingToken: s.config.StartingToken };
      const full = recorder(s.service);
      if (s.error !== undefined) {
        await expect(paginate(full.call, paginator, {}, opts)).rejects.toThrow(new CliError('other', s.error));
        same(full.calls, s.calls);
        return;
      }
      same(await paginate(full.call, paginator, {}, opts), s.full);
      same(full.calls, s.calls);
      same(await collect(paginatePages(recorder(s.service).call, paginator, {}, opts)), s.text);
      same(await collect(paginateRawPages(recorder(s.service).call, paginator, {}, opts)), s.raw);
    });
  }
});

describe('pagination details', () => {
  it('passes the command parameters on every call', async () => {
    const { call, calls } = recorder('list-queues');
    await paginate(call, sqs.paginators.ListQueues!, { QueueNamePrefix: 'q' }, { pageSize: 4 });
    same(calls, [{ QueueNamePrefix: 'q', MaxResults: 4 }, { QueueNamePrefix: 'q', MaxResults: 4, NextToken: '4' }]);
  });

  it('encodes resume tokens as botocore does', () => {
    expect(encodeResumeToken({ NextToken: '3', boto_truncate_amount: 1 })).toBe('eyJOZXh0VG9rZW4iOiAiMyIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9');
  });

  it('rejects --page-size for a paginator without a limit key', async () => {
    const sns = await loadModel('sns');
    await expect(paginate(async () => ({}), sns.paginators.ListTopics!, {}, { pageSize: 5 })).rejects.toThrow(
      'Error during pagination: PageSize parameter is not supported for the pagination interface for this operation.',
    );
  });

  it('stops when the service repeats a token', async () => {
    const call: PageCall = async () => ({ Topics: [{ TopicArn: 'a' }], NextToken: 'same' });
    const sns = await loadModel('sns');
    await expect(paginate(call, sns.paginators.ListTopics!, {})).rejects.toThrow(
      "Error during pagination: The same next token was received twice: {'NextToken': 'same'}",
    );
  });

  it('decodes a starting token as Python does: padding inside it and non-ASCII characters are skipped', async () => {
    const token = encodeResumeToken({ NextToken: '3', boto_truncate_amount: 1 });
    const { call, calls } = recorder('list-queues');
    await paginate(call, sqs.paginators.ListQueues!, {}, { startingToken: `${token.slice(0, 2)}=${token.slice(2)}é`, maxItems: 1 });
    same(calls[0], { NextToken: '3' });
  });

  it('fails on a starting token that is base64 JSON but not an object', async () => {
    await expect(paginate(async () => ({}), sqs.paginators.ListQueues!, {}, { startingToken: Buffer.from('42').toString('base64') }))
      .rejects.toThrow("'int' object has no attribute 'pop'");
  });
});
