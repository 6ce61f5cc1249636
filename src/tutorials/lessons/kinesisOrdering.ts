import type { Json, Lesson, LessonApi } from '../lesson.js';
import { messages, recordData } from './checks.js';

const TRUCKS = 100;
const POINTS = 5;
const round = (x: number) => Math.round(x * 10000) / 10000;
const truckId = (n: number) => `truck-${String(n).padStart(3, '0')}`;

interface Point {
  truck: string;
  point: number;
  lat: number;
  lon: number;
}

/** Every truck's points, interleaved as they would arrive: all first points, then all second ones, ... */
function gpsPoints(): Point[] {
  const points: Point[] = [];
  for (let p = 1; p <= POINTS; p++) {
    for (let t = 1; t <= TRUCKS; t++) {
      points.push({ truck: truckId(t), point: p, lat: round(48 + t / 100 + p / 1000), lon: round(2 + t / 100) });
    }
  }
  return points;
}

/** Checks that each truck's points came in order 1..POINTS; returns the trucks seen. */
function checkOrder(api: LessonApi, points: Point[], where: string): Set<string> {
  const next = new Map<string, number>();
  for (const p of points) {
    const expected = (next.get(p.truck) ?? 0) + 1;
    if (p.point !== expected) api.fail(`${where}: ${p.truck} point ${p.point} came when point ${expected} was due`);
    next.set(p.truck, expected);
  }
  return new Set(next.keys());
}

export const lesson: Lesson = {
  name: 'kinesis-ordering',
  title: 'Kinesis ordering: 100 trucks over 5 shards, and the same with a FIFO queue',
  intro: `
100 delivery trucks each send a GPS point every few seconds. The dispatch screen must draw each
truck's route in order, but the order between two trucks does not matter.

A Kinesis stream is split into shards. Each record carries a partition key; its MD5 hash
decides the shard, so all records with the same key go to the same shard, and a shard keeps
its records in the order they arrived. With the truck id as the key, each truck's points stay
in order. Afterwards, the same job with one SQS FIFO queue and one message group per truck.`,
  steps: [
    {
      say: 'Create a stream with 5 shards.',
      run: 'kinesis create-stream --stream-name trucks --shard-count 5',
    },
    {
      say: 'A new stream is CREATING for a moment, then ACTIVE. Let the clock move on and look.',
      run: 'clock advance 5s',
    },
    {
      say: 'Each shard owns a slice of the 128-bit hash key space.',
      run: 'kinesis list-shards --stream-name trucks --query "Shards[].[ShardId, HashKeyRange.StartingHashKey, HashKeyRange.EndingHashKey]" --output json',
      check: (r) => (Array.isArray(r.json) && r.json.length === 5 ? true : 'expected 5 shards'),
      notice: 'Five equal slices. A record goes to the shard whose slice holds the MD5 of its partition key.',
    },
    {
      say: `
The trucks send ${TRUCKS * POINTS} points (${POINTS} per truck), interleaved as they would arrive: every truck's first
point, then every truck's second, and so on. One put-records call takes up to 500 records;
the truck id is the partition key. With --cli-binary-format raw-in-base64-out, Data is plain text.`,
      async act(api) {
        const records = gpsPoints().map((p) => ({ Data: JSON.stringify(p), PartitionKey: p.truck }));
        api.writeFile('gps-points.json', JSON.stringify(records, null, 1), { lines: 9 });
        const r = await api.show('kinesis put-records --stream-name trucks --records file://gps-points.json --cli-binary-format raw-in-base64-out', { lines: 10 });
        if (r.status !== 0) api.fail(`put-records failed: ${r.stderr}`);
        if (r.json.FailedRecordCount !== 0) api.fail(`${r.json.FailedRecordCount} records failed`);
        const perShard = new Map<string, number>();
        for (const rec of r.json.Records as Json[]) perShard.set(rec.ShardId, (perShard.get(rec.ShardId) ?? 0) + 1);
        api.summary(`FailedRecordCount 0; records per shard:\n${[...perShard].sort().map(([shard, n]) => `  ${shard}  ${n}`).join('\n')}`);
      },
      notice: 'Every record got the ShardId of its truck\'s shard and a sequence number. The shards are not evenly filled: 100 keys do not hash into exactly 20 per slice.',
    },
    {
      say: 'To read a shard, get an iterator (TRIM_HORIZON: from the oldest record), kept here in a shell variable, then call get-records with it. Here are the first 2 records of the first shard:',
      async act(api) {
        await api.capture('ITERATOR', 'kinesis get-shard-iterator --stream-name trucks --shard-id shardId-000000000000 --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text');
        const r = await api.show('kinesis get-records --shard-iterator $ITERATOR --limit 2');
        if ((r.json?.Records as Json[] | undefined)?.length !== 2) api.fail('expected 2 records');
      },
      notice: 'Data comes back base64-encoded, as the AWS CLI prints blobs. NextShardIterator continues where this call stopped; MillisBehindLatest says how far the reader is from the newest record.',
    },
    {
      say: 'Now read all 5 shards to the end and check each truck\'s route.',
      async act(api) {
        const shardOf = new Map<string, string>();
        const lines: string[] = [];
        for (let s = 0; s < 5; s++) {
          const shard = `shardId-${String(s).padStart(12, '0')}`;
          const iteratorCommand = `kinesis get-shard-iterator --stream-name trucks --shard-id ${shard} --shard-iterator-type TRIM_HORIZON --query ShardIterator --output text`;
          if (s === 0) {
            await api.capture('ITERATOR', iteratorCommand);
            await api.show("kinesis get-records --shard-iterator $ITERATOR --limit 10000 --query 'Records[].PartitionKey'", { lines: 7 });
            // A shard serves 2 MiB a second: right after a read, the next waits its share of that
            // second (milliseconds here). A reader typing the next command never notices; played
            // straight through, a second of the clock goes by first, as it would for the reader.
            await api.run('clock advance 1s');
          } else {
            api.vars.ITERATOR = (await api.run(iteratorCommand)).stdout.trim();
          }
          // the records themselves, read again quietly with their partition keys
          const r = await api.run('kinesis get-records --shard-iterator $ITERATOR --limit 10000');
          const points = recordData((r.json?.Records as Json[]) ?? []).map((d) => JSON.parse(d) as Point);
          const trucks = checkOrder(api, points, shard);
          for (const t of trucks) {
            if (shardOf.has(t)) api.fail(`${t} appears in ${shardOf.get(t)} and ${shard}`);
            shardOf.set(t, shard);
          }
          lines.push(`${shard}: ${String(points.length).padStart(3)} records from ${String(trucks.size).padStart(2)} trucks, each truck's points in order`);
        }
        if (shardOf.size !== TRUCKS) api.fail(`expected ${TRUCKS} trucks, read ${shardOf.size}`);
        api.summary(`the same two commands for each of the 5 shards, and each record's Data decoded:\n${lines.join('\n')}\ntruck-042 is always in ${shardOf.get('truck-042')}.`);
      },
      notice: `
Every truck's ${POINTS} points came back in order, all from one shard. Reading did not remove anything:
another application (say, billing by distance) can read the same shards from the start with
its own iterators, and get exactly the same records, for as long as the stream keeps them
(24 hours by default, up to a year).`,
    },
    {
      say: 'The same job with SQS: one FIFO queue, and the truck id as the message group id. Order is kept per group.',
      run: 'sqs create-queue --queue-name gps.fifo --attributes FifoQueue=true,ContentBasedDeduplication=true',
      save: { QUEUE_URL: (r) => r.QueueUrl },
    },
    {
      say: `Send the same ${TRUCKS * POINTS} points, 10 per send-message-batch call (the batch limit), in the same interleaved order.`,
      async act(api) {
        const points = gpsPoints();
        for (let b = 0; b < points.length / 10; b++) {
          const entries = points.slice(b * 10, b * 10 + 10).map((p, i) => ({
            Id: String(i),
            MessageBody: JSON.stringify(p),
            MessageGroupId: p.truck,
          }));
          const name = `batch-${String(b + 1).padStart(2, '0')}.json`;
          const command = `sqs send-message-batch --queue-url $QUEUE_URL --entries file://${name}`;
          let r;
          if (b === 0) {
            api.writeFile(name, JSON.stringify(entries, null, 1), { lines: 7 });
            r = await api.show(command, { lines: 8 });
          } else {
            api.writeQuietly(name, JSON.stringify(entries, null, 1));
            r = await api.run(command);
          }
          if (r.status !== 0 || (r.json?.Failed as Json[] | undefined)?.length) api.fail(`batch ${b + 1} failed: ${r.stderr || JSON.stringify(r.json.Failed)}`);
        }
        api.summary(`batch-02.json to batch-50.json written and sent the same way: ${points.length / 10} batches, no failures.`);
      },
    },
    {
      say: 'A consumer drains the queue: receive up to 10, process, delete them in one batch, again until the queue is empty.',
      async act(api) {
        const received: Point[] = [];
        let calls = 0;
        for (;;) {
          const receive = 'sqs receive-message --queue-url $QUEUE_URL --max-number-of-messages 10';
          const r = calls === 0 ? await api.show(receive, { lines: 8 }) : await api.run(receive);
          calls++;
          const got = messages(r);
          if (got.length === 0) break;
          received.push(...got.map((m) => JSON.parse(m.Body) as Point));
          const done = JSON.stringify(got.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })), null, 1);
          const remove = 'sqs delete-message-batch --queue-url $QUEUE_URL --entries file://done.json';
          let d;
          if (calls === 1) {
            api.writeFile('done.json', done, { lines: 5 });
            d = await api.show(remove, { lines: 8 });
          } else {
            api.writeQuietly('done.json', done);
            d = await api.run(remove);
          }
          if (d.status !== 0) api.fail(`delete-message-batch failed: ${d.stderr}`);
          if (calls > 1000) api.fail('the queue does not drain');
        }
        const trucks = checkOrder(api, received, 'gps.fifo');
        if (received.length !== TRUCKS * POINTS || trucks.size !== TRUCKS) api.fail(`received ${received.length} messages`);
        api.summary(`the same, receive and delete, until a receive came back empty: ${received.length} messages in ${calls} receives,\nevery truck's points in order; the queue is now empty.`);
      },
      notice: 'Each truck\'s points are in order here too. But the queue is empty now: each message went to one consumer and was deleted. Nobody else can read them again.',
    },
  ],
  outro: `
Both keep each truck in order: Kinesis per partition key (through its shard), a FIFO queue per
message group. The difference is what happens after reading. A Kinesis record stays for the
retention period, and every application reads the whole stream at its own position (replay,
several readers, shard by shard, up to 1 MB/s or 1,000 records/s written per shard). A queue
message is work for one consumer, gone once deleted; FIFO groups let many consumers share the
work while each group stays in order (up to 300 calls a second, 3,000 messages in batches).
Streams of events that several readers replay suit Kinesis; jobs to be done once suit SQS.`,
};
