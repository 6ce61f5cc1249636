import type { Json, Lesson, LessonApi } from '../lesson.js';

const RECORD_BYTES = 4000;
const RECORDS = 500; // one put-records call: 500 x 4 KB = 2 MB, twice what one shard takes in a second

/** Four trucks whose ids hash into four different quarters of the key space. */
const FOUR_TRUCKS = ['truck-002', 'truck-004', 'truck-001', 'truck-009'];

interface PutSummary {
  failed: number;
  perShard: Map<string, { ok: number; throttled: number }>;
  error?: string;
}

const putCommand = (file: string) => `kinesis put-records --stream-name gps --records file://${file} --cli-binary-format raw-in-base64-out`;

/** Writes the batch to a file, shows put-records with it, and sums up what each shard accepted. */
async function putBatch(api: LessonApi, file: string, keyOf: (i: number) => string): Promise<PutSummary> {
  const filler = 'x'.repeat(RECORD_BYTES - 40);
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    Data: JSON.stringify({ n: i, key: keyOf(i), pad: filler }).slice(0, RECORD_BYTES),
    PartitionKey: keyOf(i),
  }));
  api.writeQuietly(file, JSON.stringify(records));
  const keys = [...new Set(records.map((r) => r.PartitionKey))];
  api.comment(`${file}: ${RECORDS} records of ${RECORD_BYTES / 1000} KB, partition keys ${keys.join(', ')}`);
  const r = await api.show(putCommand(file), { lines: 8 });
  if (r.status !== 0) api.fail(`put-records failed: ${r.stderr}`);
  const perShard = new Map<string, { ok: number; throttled: number }>();
  // A failed entry has no ShardId; count it against the shard its key went to when it succeeded.
  const shardOfKey = new Map<string, string>();
  (r.json.Records as Json[]).forEach((rec, i) => rec.ShardId && shardOfKey.set(keyOf(i), rec.ShardId));
  let error: string | undefined;
  (r.json.Records as Json[]).forEach((rec, i) => {
    const shard = rec.ShardId ?? shardOfKey.get(keyOf(i)) ?? '(no record accepted)';
    const s = perShard.get(shard) ?? { ok: 0, throttled: 0 };
    if (rec.ErrorCode) {
      s.throttled++;
      error ??= `${rec.ErrorCode}: ${rec.ErrorMessage}`;
    } else s.ok++;
    perShard.set(shard, s);
  });
  const lines = [`FailedRecordCount: ${r.json.FailedRecordCount}`];
  for (const [shard, s] of [...perShard].sort()) {
    lines.push(`  ${shard}  accepted ${String(s.ok).padStart(3)}  throttled ${String(s.throttled).padStart(3)}`);
  }
  if (error) lines.push(`  a failed entry says: ${error}`);
  api.summary(lines.join('\n'));
  return { failed: r.json.FailedRecordCount as number, perShard, error };
}

export const lesson: Lesson = {
  name: 'hot-partition',
  title: 'A hot partition key: throttled, then fixed',
  intro: `
Each shard takes at most 1 MB (or 1,000 records) per second. Writes above that are refused
with ProvisionedThroughputExceededException: the shard is "hot". Because the partition key
picks the shard, how the load spreads over shards depends entirely on the keys.

In one second, trucks send 2 MB of GPS data (500 records of 4 KB). First to a stream of one
shard; then to four shards; then all of it from one busy truck, which no number of shards
can help, until the key changes.`,
  steps: [
    {
      say: 'A stream with a single shard.',
      run: 'kinesis create-stream --stream-name gps --shard-count 1',
    },
    {
      say: 'Wait for it to become ACTIVE.',
      run: 'clock advance 5s',
    },
    {
      say: `Four trucks (${FOUR_TRUCKS.join(', ')}) send 2 MB in one put-records call.`,
      async act(api) {
        const s = await putBatch(api, 'four-trucks.json', (i) => FOUR_TRUCKS[i % 4]!);
        if (s.failed === 0 || !s.error?.startsWith('ProvisionedThroughputExceededException')) {
          api.fail('one shard should refuse part of 2 MB with ProvisionedThroughputExceededException');
        }
      },
      notice: `
The shard took about 1 MB and refused the rest. put-records does not fail as a whole: it
reports FailedRecordCount and an ErrorCode on each refused entry, and the producer must retry
those entries (after a short pause). The AWS SDKs and the KPL do that for you.`,
    },
    {
      say: 'More shards. One update-shard-count can at most double the shard count, so go to 2 first.',
      run: 'kinesis update-shard-count --stream-name gps --target-shard-count 2 --scaling-type UNIFORM_SCALING',
      check: (r) => (r.json?.TargetShardCount === 2 ? true : 'the target should be 2 shards'),
    },
    {
      say: 'Resharding takes a moment: the stream is UPDATING, then ACTIVE again.',
      run: 'clock advance 5s',
    },
    {
      say: 'Then to 4. UNIFORM_SCALING leaves 4 shards with equal slices of the key space.',
      run: 'kinesis update-shard-count --stream-name gps --target-shard-count 4 --scaling-type UNIFORM_SCALING',
      check: (r) => (r.json?.TargetShardCount === 4 ? true : 'the target should be 4 shards'),
    },
    {
      say: 'Another moment for the resharding.',
      run: 'clock advance 5s',
      notice: 'The old shards are closed now: they keep their records for readers, but take no new ones.',
    },
    {
      say: 'The open shards now:',
      run: 'kinesis list-shards --stream-name gps --shard-filter Type=AT_LATEST --query "Shards[].ShardId"',
      check: (r) => (Array.isArray(r.json) && r.json.length === 4 ? true : `expected 4 open shards, got ${JSON.stringify(r.json)}`),
    },
    {
      say: 'The same four trucks send the same 2 MB.',
      async act(api) {
        const s = await putBatch(api, 'four-trucks.json', (i) => FOUR_TRUCKS[i % 4]!);
        if (s.failed !== 0) api.fail(`with 4 shards nothing should be throttled, ${s.failed} records were`);
        if (s.perShard.size !== 4) api.fail(`the four trucks should land on four shards, got ${s.perShard.size}`);
      },
      notice: 'Each truck\'s key lands on its own shard: 0.5 MB each, well within the limit. Nothing throttled.',
    },
    {
      say: 'Another second passes (each shard\'s allowance refills every second).',
      run: 'clock advance 1s',
    },
    {
      say: 'Now one truck, truck-007, sends the whole 2 MB by itself (a firmware bug makes it chatty).',
      async act(api) {
        const s = await putBatch(api, 'one-truck.json', () => 'truck-007');
        if (s.failed === 0) api.fail('one key should overload its shard');
        if (s.perShard.size !== 1) api.fail('one key should go to exactly one shard');
      },
      notice: 'Throttled again, with four shards: one partition key always goes to one shard, so one key can never write more than one shard\'s 1 MB a second. More shards cannot fix a hot key.',
    },
    {
      say: 'A better key: add a suffix to spread the truck over several keys ("truck-007#0" to "truck-007#7"). Wait a second, then send the same 2 MB.',
      async act(api) {
        await api.show('clock advance 1s');
        const s = await putBatch(api, 'one-truck-spread.json', (i) => `truck-007#${i % 8}`);
        if (s.failed !== 0) api.fail(`the spread key should not be throttled, ${s.failed} records were`);
        if (s.perShard.size < 3) api.fail('the eight keys should spread over several shards');
      },
      notice: 'The eight keys hash to different shards and share the load: nothing throttled.',
    },
  ],
  outro: `
The partition key is the unit of ordering and the unit of load. Pick keys with many values and
even traffic (a truck id, not a region); then more shards add capacity. A single hot key needs a
different key: a suffix spreads it over shards, at the price of ordering only within each
suffix (the reader must merge, for instance by timestamp). Always handle FailedRecordCount:
retry the refused entries after a short pause.`,
};
