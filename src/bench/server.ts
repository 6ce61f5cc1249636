/**
 * `awsmsg serve` measured the way programs use it: through the AWS SDK for JavaScript v3,
 * against three servers in their own processes, round after round in turn so that the
 * shared machine's noise hits all alike —
 *   - the stub (src/bench/stub.ts): answers at once with canned valid responses, so what the
 *     SDK reaches against it is the ceiling of the client on this machine;
 *   - awsmsg serve, every message durable in the SQLite state file;
 *   - fauxqs, an in-memory SQS emulator, for comparison (when it starts on this Node.js).
 * Also the server's CPU time per SendMessage, and what 1,000 open long polls cost.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, pairedRatio } from './stats.js';

type Json = Record<string, unknown>;
// the SDK is a development dependency: loaded from node_modules when the bench runs, not bundled
type SqsModule = typeof import('@aws-sdk/client-sqs');
type KinesisModule = typeof import('@aws-sdk/client-kinesis');

export interface ServerBenchFigures {
  sendSequential: Triple;
  sendConcurrent: Triple;
  batchRoundTrip: Triple;
  kinesisPut: { stub: number; awsmsg: number };
  kinesisGet: { stub: number; awsmsg: number };
  cpuMsPerSend: number;
  longPolls: { count: number; answered: number; rssBeforeMb: number; rssWithMb: number; sendsBefore: number; sendsWith: number };
}

/**
 * Rates (messages a second, medians of the rounds) against the stub, awsmsg serve and fauxqs
 * (undefined when fauxqs did not start), and the medians of each round's ratio to the stub.
 */
export interface Triple {
  stub: number;
  awsmsg: number;
  fauxqs?: number;
  awsmsgRatio: number;
  fauxqsRatio?: number;
}

interface Target {
  name: 'stub' | 'awsmsg' | 'fauxqs';
  sqsEndpoint: string;
  kinesisEndpoint?: string;
  process: ChildProcess;
}

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };

export async function benchServer(root: string, dir: string, rounds = 7): Promise<ServerBenchFigures> {
  const load = createRequire(join(root, 'package.json'));
  const sqs = load('@aws-sdk/client-sqs') as SqsModule;
  const kinesis = load('@aws-sdk/client-kinesis') as KinesisModule;
  const db = join(dir, 'serve.db');
  const targets: Target[] = [];
  try {
    targets.push(await startStub(root));
    targets.push(await startAwsmsg(root, db));
    const faux = await startFauxqs(root).catch(() => undefined);
    if (faux) targets.push(faux);
    const clients = new Map<string, { client: InstanceType<SqsModule['SQSClient']>; queueUrl: string; batchQueueUrl: string }>();
    for (const t of targets) {
      const client = new sqs.SQSClient({ endpoint: t.sqsEndpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
      const created = await client.send(new sqs.CreateQueueCommand({ QueueName: 'bench' }));
      // the round trip has a queue of its own, empty at the start and after every cycle
      const batch = await client.send(new sqs.CreateQueueCommand({ QueueName: 'bench-batch' }));
      clients.set(t.name, { client, queueUrl: created.QueueUrl!, batchQueueUrl: batch.QueueUrl! });
    }
    const awsmsg = targets.find((t) => t.name === 'awsmsg')!;
    // Each measure runs on every server back to back, in an order that turns round each round,
    // and each figure is the median of its rounds' ratios to the stub: the shared machine's
    // swings (a run here can be twice as fast as the one before) fall on both sides of a ratio.
    const results = { seq: new Map<string, number[]>(), conc: new Map<string, number[]>(), batch: new Map<string, number[]>() };
    const phases: { key: keyof typeof results; run(c: { client: SqsClient; queueUrl: string; batchQueueUrl: string }): Promise<number> }[] = [
      { key: 'seq', run: (c) => sendSequential(sqs, c.client, c.queueUrl, 600) },
      { key: 'conc', run: (c) => sendConcurrent(sqs, c.client, c.queueUrl, 1_200, 10) },
      { key: 'batch', run: (c) => batchRoundTrip(sqs, c.client, c.batchQueueUrl, 60) },
    ];
    const push = (m: Map<string, number[]>, k: string, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
    let cpuMs = 0;
    let sends = 0;
    // round 0 warms the client and the servers up and is not counted
    for (let r = 0; r <= rounds; r++) {
      const order = r % 2 === 0 ? targets : [...targets].reverse();
      for (const phase of phases) {
        for (const t of order) {
          const cpuBefore = t === awsmsg && phase.key !== 'batch' ? cpuTimeMs(t.process.pid!) : 0;
          const value = await phase.run(clients.get(t.name)!);
          if (r === 0) continue;
          push(results[phase.key], t.name, value);
          if (t === awsmsg && phase.key !== 'batch') {
            cpuMs += cpuTimeMs(t.process.pid!) - cpuBefore;
            sends += phase.key === 'seq' ? 600 : 1_200;
          }
        }
      }
    }
    const ratios = (m: Map<string, number[]>, name: string): number | undefined => {
      const of = m.get(name);
      return of ? pairedRatio(of, m.get('stub')!) : undefined;
    };
    const triple = (m: Map<string, number[]>): Triple => ({
      stub: median(m.get('stub')!),
      awsmsg: median(m.get('awsmsg')!),
      fauxqs: m.has('fauxqs') ? median(m.get('fauxqs')!) : undefined,
      awsmsgRatio: ratios(m, 'awsmsg')!,
      fauxqsRatio: ratios(m, 'fauxqs'),
    });
    const stub = targets.find((t) => t.name === 'stub')!;
    const kin = await benchKinesis(kinesis, root, db, stub.kinesisEndpoint!, awsmsg.kinesisEndpoint!, 3);
    const { client, queueUrl } = clients.get('awsmsg')!;
    const longPolls = await benchLongPolls(sqs, client, queueUrl, awsmsg, 1_000);
    return {
      sendSequential: triple(results.seq),
      sendConcurrent: triple(results.conc),
      batchRoundTrip: triple(results.batch),
      kinesisPut: kin.put,
      kinesisGet: kin.get,
      cpuMsPerSend: cpuMs / sends,
      longPolls,
    };
  } finally {
    for (const t of targets) t.process.kill('SIGKILL');
  }
}

/** Starts a process and resolves with its first line of output that `parse` accepts. */
function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, parse: (line: string) => string | undefined): Promise<{ child: ChildProcess; value: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`${args.join(' ')} did not start: ${err}`)), 30_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      for (const line of out.split('\n')) {
        const value = parse(line);
        if (value !== undefined) {
          clearTimeout(timer);
          child.stdout!.removeAllListeners('data');
          child.stdout!.resume();
          resolve({ child, value });
          return;
        }
      }
    });
    child.on('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code}: ${err}`)));
  });
}

async function startStub(root: string): Promise<Target> {
  const { child, value } = await startProcess(process.execPath, [join(root, 'dist', 'bench', 'index.cjs'), '--stub-server'], process.env, (l) =>
    l.startsWith('{') ? l : undefined,
  );
  const ports = JSON.parse(value) as { sqs: number; kinesis: number };
  return { name: 'stub', sqsEndpoint: `http://127.0.0.1:${ports.sqs}`, kinesisEndpoint: `http://127.0.0.1:${ports.kinesis}`, process: child };
}

async function startAwsmsg(root: string, db: string): Promise<Target> {
  const { child, value } = await startProcess(
    process.execPath,
    [join(root, 'bin', 'awsmsg'), 'serve', '--port', '0', '--quiet'],
    { ...process.env, AWSMSG_DB: db },
    (l) => /on (http:\/\/\S+)/.exec(l)?.[1],
  );
  return { name: 'awsmsg', sqsEndpoint: value, kinesisEndpoint: value, process: child };
}

async function startFauxqs(root: string): Promise<Target> {
  const script = "import('fauxqs').then(async (m) => { const s = await m.startFauxqs({ port: 0, logger: false }); console.log('PORT ' + s.port); })";
  const { child, value } = await startProcess(process.execPath, ['-e', script], process.env, (l) => /^PORT (\d+)/.exec(l)?.[1]);
  void root;
  return { name: 'fauxqs', sqsEndpoint: `http://127.0.0.1:${value}`, process: child };
}

/** User plus system CPU time of a process so far, from /proc (Linux). */
function cpuTimeMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

type SqsClient = InstanceType<SqsModule['SQSClient']>;

async function sendSequential(sqs: SqsModule, client: SqsClient, queueUrl: string, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await client.send(new sqs.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `message ${i}` }));
  return (n * 1000) / (performance.now() - start);
}

async function sendConcurrent(sqs: SqsModule, client: SqsClient, queueUrl: string, n: number, inFlight: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next++;
        await client.send(new sqs.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: `message ${i}` }));
      }
    }),
  );
  return (n * 1000) / (performance.now() - start);
}

/** Send a batch of 10, receive 10, delete them in a batch: messages a second through the whole cycle. */
async function batchRoundTrip(sqs: SqsModule, client: SqsClient, queueUrl: string, cycles: number): Promise<number> {
  let moved = 0;
  const start = performance.now();
  for (let c = 0; c < cycles; c++) {
    await client.send(
      new sqs.SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `batch ${c} message ${i}` })),
      }),
    );
    const got = await client.send(new sqs.ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    const messages = got.Messages ?? [];
    if (messages.length > 0) {
      await client.send(
        new sqs.DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    moved += messages.length;
  }
  return (moved * 1000) / (performance.now() - start);
}

async function benchKinesis(
  kinesis: KinesisModule,
  root: string,
  db: string,
  stubEndpoint: string,
  awsmsgEndpoint: string,
  rounds: number,
): Promise<{ put: { stub: number; awsmsg: number }; get: { stub: number; awsmsg: number } }> {
  // measure the server, not awsmsg's emulation of AWS's per-shard limits
  const off = spawnSync(process.execPath, [join(root, 'bin', 'awsmsg'), 'kinesis', 'throughput-enforcement', 'off'], { env: { ...process.env, AWSMSG_DB: db } });
  if (off.status !== 0) throw new Error(`throughput-enforcement off failed: ${off.stderr}`);
  const make = (endpoint: string) => new kinesis.KinesisClient({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
  const stub = make(stubEndpoint);
  const awsmsg = make(awsmsgEndpoint);
  await awsmsg.send(new kinesis.CreateStreamCommand({ StreamName: 'bench', ShardCount: 1 }));
  await postJson(`${awsmsgEndpoint}/_awsmsg/clock`, { advance: '3s' }); // past CREATING
  const records = Array.from({ length: 500 }, (_, i) => ({ Data: Buffer.alloc(100, i % 251), PartitionKey: `key-${i}` }));
  const put = async (client: InstanceType<KinesisModule['KinesisClient']>, calls: number) => {
    const start = performance.now();
    for (let i = 0; i < calls; i++) await client.send(new kinesis.PutRecordsCommand({ StreamName: 'bench', Records: records }));
    return (calls * records.length * 1000) / (performance.now() - start);
  };
  const get = async (client: InstanceType<KinesisModule['KinesisClient']>, calls: number) => {
    let iterator = (
      await client.send(new kinesis.GetShardIteratorCommand({ StreamName: 'bench', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }))
    ).ShardIterator;
    let n = 0;
    const start = performance.now();
    for (let i = 0; i < calls && iterator; i++) {
      const out = await client.send(new kinesis.GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      n += out.Records?.length ?? 0;
      iterator = out.NextShardIterator;
    }
    return (n * 1000) / (performance.now() - start);
  };
  const puts = { stub: [] as number[], awsmsg: [] as number[] };
  const gets = { stub: [] as number[], awsmsg: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    puts.stub.push(await put(stub, 20));
    puts.awsmsg.push(await put(awsmsg, 20));
  }
  for (let r = 0; r < rounds; r++) {
    gets.stub.push(await get(stub, 10));
    gets.awsmsg.push(await get(awsmsg, 10));
  }
  stub.destroy();
  awsmsg.destroy();
  return { put: { stub: median(puts.stub), awsmsg: median(puts.awsmsg) }, get: { stub: median(gets.stub), awsmsg: median(gets.awsmsg) } };
}

function postJson(url: string, body: unknown, agent?: Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * 1,000 ReceiveMessage long polls (20 s) held open on idle queues: the server's memory before
 * and with them, and SendMessage's rate on another queue before and while they wait. The
 * polls are released by moving the clock 21 s.
 */
async function benchLongPolls(sqs: SqsModule, client: SqsClient, queueUrl: string, server: Target, count: number) {
  const base = server.sqsEndpoint;
  const queues = 10;
  for (let q = 0; q < queues; q++) await client.send(new sqs.CreateQueueCommand({ QueueName: `idle-${q}` }));
  const sendsBefore = await sendSequential(sqs, client, queueUrl, 1_000);
  const rssBeforeMb = rssMb(server.process.pid!);
  const agent = new Agent({ keepAlive: true, maxSockets: count + 10 });
  let sent = 0;
  const polls = Array.from({ length: count }, (_, i) =>
    sqsJson(base, 'ReceiveMessage', { QueueUrl: `${base}/000000000000/idle-${i % queues}`, WaitTimeSeconds: 20 }, agent, () => sent++),
  );
  while (sent < count) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 500)); // let the server take them all in
  const rssWithMb = rssMb(server.process.pid!);
  const sendsWith = await sendSequential(sqs, client, queueUrl, 1_000);
  await postJson(`${base}/_awsmsg/clock`, { advance: '21s' });
  const answers = await Promise.all(polls);
  agent.destroy();
  return { count, answered: answers.filter((s) => s === 200).length, rssBeforeMb, rssWithMb, sendsBefore, sendsWith };
}

function sqsJson(base: string, op: string, body: Json, agent: Agent, onSent: () => void): Promise<number> {
  return new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = request(
      base,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AmazonSQS.${op}`,
          'content-length': data.length,
          authorization: 'AWS4-HMAC-SHA256 Credential=bench/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.on('finish', onSent);
    req.end(data);
  });
}
