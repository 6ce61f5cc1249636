import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json, Lesson, LessonApi, Vars } from '../lesson.js';

const APP = 'dispatch-app';
const WORKERS = ['worker-A', 'worker-B', 'worker-C', 'worker-D'] as const;

const consumeCommand = (worker: string) =>
  `kinesis consume --stream-name dispatch --application-name ${APP} --worker-id ${worker} ` +
  `--initial-position TRIM_HORIZON --idle-time-between-reads-millis 200 --exec 'cat >> ${worker}.jsonl'`;

const LEASES = `kinesis describe-leases --application-name ${APP}`;
/** The lease table as the lesson shows it: one line per lease. */
const LEASE_LINES = `${LEASES} --query 'Leases[].[LeaseKey, LeaseOwner, LeaseState, LagRecords]' --output text`;

interface LeaseView {
  LeaseKey: string;
  LeaseOwner?: string;
  LeaseCounter: number;
  LeaseState: string;
  LagRecords?: number;
}

async function leases(api: LessonApi): Promise<LeaseView[]> {
  const r = await api.run(LEASES);
  return (r.json?.Leases as LeaseView[] | undefined) ?? [];
}

function leaseTable(list: LeaseView[]): string {
  const rows = list.map((l) => `  ${l.LeaseKey.padEnd(21)} ${(l.LeaseOwner ?? '-').padEnd(10)} ${l.LeaseState.padEnd(7)} ${l.LagRecords ?? '?'}`);
  return ['  shard                 owner      state   lag (records)', ...rows].join('\n');
}

/** Shows the lease table: shard, owner, state, records not yet checkpointed. */
async function showLeases(api: LessonApi): Promise<void> {
  const r = await api.show(LEASE_LINES);
  if (r.status !== 0) api.fail(`describe-leases failed: ${r.stderr}`);
}

/** The lease table and the workers' logs, for a lesson that stalls. */
const explain = (api: LessonApi) => async (): Promise<string> => {
  const logs = WORKERS.map((w) => {
    try {
      return `--- ${w}:\n${api.started(w).output()}`;
    } catch {
      return '';
    }
  });
  return [leaseTable(await leases(api)), ...logs].join('\n');
};

const holders = (list: LeaseView[]): Map<string, number> => {
  const m = new Map<string, number>();
  for (const l of list) if (l.LeaseState === 'HELD' && l.LeaseOwner) m.set(l.LeaseOwner, (m.get(l.LeaseOwner) ?? 0) + 1);
  return m;
};

const caughtUp = (list: LeaseView[]): boolean => list.length === 4 && list.every((l) => l.LeaseState === 'HELD' && l.LagRecords === 0);

/** Writes `count` GPS points of 40 trucks to a file and shows put-records with it. */
async function putPoints(api: LessonApi, batch: number, count: number): Promise<void> {
  const records = Array.from({ length: count }, (_, i) => ({
    Data: JSON.stringify({ truck: `truck-${String(i % 40).padStart(2, '0')}`, batch, n: i }),
    PartitionKey: `truck-${String(i % 40).padStart(2, '0')}`,
  }));
  api.writeFile(`points-${batch}.json`, JSON.stringify(records, null, 1), { lines: 5 });
  const r = await api.show(
    `kinesis put-records --stream-name dispatch --records file://points-${batch}.json --cli-binary-format raw-in-base64-out --query FailedRecordCount`,
  );
  if (r.status !== 0 || r.json !== 0) api.fail(`put-records failed: ${r.stderr || r.stdout}`);
}

/** The records each worker's processor wrote, by worker. */
function processed(api: LessonApi): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  for (const w of WORKERS) {
    const path = join(api.dir, `${w}.jsonl`);
    const lines = existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
    out.set(w, lines.map((l) => JSON.parse(l) as Json));
  }
  return out;
}

export const lesson: Lesson = {
  name: 'kcl-consumers',
  title: 'KCL-style consumers: workers share the shards, and take over from a dead one',
  intro: `
One program reading a whole stream does not scale; the Kinesis Client Library (KCL) lets
several workers of one application share a stream. Each shard has a lease, kept in a lease
table: the worker holding the lease is the only one reading that shard, and records its
progress there as a checkpoint. Workers balance the leases between them, and when a worker
stops renewing its leases (it crashed), the others take them over and carry on from the last
checkpoint.

awsmsg keeps the lease table in the state file. "awsmsg kinesis consume" runs a worker; here each
worker hands its records to a shell command that appends them to a file of its own. The lesson
starts the workers as separate processes, as you would in separate terminals.`,
  steps: [
    {
      say: 'A stream with 4 shards, ACTIVE after a moment.',
      async act(api) {
        const r = await api.show('kinesis create-stream --stream-name dispatch --shard-count 4');
        if (r.status !== 0) api.fail(`create-stream failed: ${r.stderr}`);
        await api.show('clock advance 5s');
      },
    },
    {
      say: 'Start two workers of the application "dispatch-app", each in its own terminal. Each appends the records it gets to its own file.',
      async act(api) {
        for (const w of WORKERS.slice(0, 2)) api.start(w, `${consumeCommand(w)}     # terminal ${w.slice(-1)}`);
        await api.until('the two workers sharing the four shards', async () => {
          const h = holders(await leases(api));
          return h.get('worker-A') === 2 && h.get('worker-B') === 2;
        }, { explain: explain(api) });
        await showLeases(api);
      },
      notice: `
The first worker found no leases, created one per shard and took them all; the second then
took its fair share (4 leases / 2 workers = 2 each). Each shard is read by exactly one worker.`,
    },
    {
      say: 'Forty trucks write 200 GPS points (5 each), the truck id as partition key, so they spread over the 4 shards.',
      async act(api) {
        await putPoints(api, 1, 200);
        await api.until('the workers processing the 200 records', async () => caughtUp(await leases(api)), { explain: explain(api) });
        await showLeases(api);
      },
      notice: 'A lag of 0: every record is processed, and its worker has checkpointed it in the lease table.',
    },
    {
      say: 'Two more workers join: C and D.',
      async act(api) {
        for (const w of WORKERS.slice(2)) api.start(w, `${consumeCommand(w)}     # terminal ${w.slice(-1)}`);
        await api.until('the four workers holding one lease each', async () => {
          const list = await leases(api);
          const h = holders(list);
          return caughtUp(list) && WORKERS.every((w) => h.get(w) === 1);
        }, { explain: explain(api) });
        await showLeases(api);
      },
      notice: `
The newcomers had no leases, so they stole from the busiest workers until each held its fair
share: one shard each. Four shards allow at most four busy workers in one application; a fifth
would sit idle, waiting to take over.`,
    },
    {
      say: 'Worker B crashes: its process is killed at once, without giving its lease back. Meanwhile 100 more points arrive.',
      async act(api) {
        api.comment('terminal B: the process is killed (kill -9)');
        await api.started('worker-B').stop('SIGKILL');
        await putPoints(api, 2, 100);
        const before = await leases(api);
        const orphan = before.find((l) => l.LeaseOwner === 'worker-B');
        if (!orphan) api.fail('worker B should still own a lease right after it died');
        api.vars.ORPHAN = orphan!.LeaseKey;
        await api.until('the live workers catching up with their own shards', async () => {
          const list = await leases(api);
          return list.filter((l) => l.LeaseOwner !== 'worker-B').every((l) => l.LagRecords === 0);
        }, { explain: explain(api) });
        await showLeases(api);
      },
      notice: (v: Vars) => `
${v.ORPHAN} still belongs to worker B: nobody else may read it while the lease looks alive.
Its lag grows, since nobody reads it. The others wait for the lease to expire: B has to miss
renewing it for the failover time (10 seconds by default).`,
    },
    {
      say: 'Time passes: the live workers keep renewing their leases (every few seconds), B does not. After 12 seconds, B\'s lease has expired.',
      async act(api) {
        for (let round = 0; round < 3; round++) {
          const before = new Map((await leases(api)).filter((l) => l.LeaseOwner !== 'worker-B').map((l) => [l.LeaseKey, l.LeaseCounter]));
          await api.show('clock advance 4s --output text');
          // a live worker renews a lease whose last renewal is over a third of the failover time old
          await api.until('the live workers renewing their leases', async () => {
            const list = await leases(api);
            return [...before].every(([key, counter]) => (list.find((l) => l.LeaseKey === key)?.LeaseCounter ?? 0) > counter);
          }, { explain: explain(api) });
        }
        await api.until(`another worker taking over ${api.vars.ORPHAN} and catching up`, async () => {
          const list = await leases(api);
          const l = list.find((x) => x.LeaseKey === api.vars.ORPHAN);
          return caughtUp(list) && l !== undefined && l.LeaseOwner !== 'worker-B';
        }, { explain: explain(api) });
        await showLeases(api);
      },
      notice: (v: Vars) => `
${v.ORPHAN} has a new owner, which started from B's last checkpoint and caught up: lag 0
everywhere again. One of the live workers now holds two shards.`,
    },
    {
      say: 'Stop the workers (Ctrl-C in each terminal), then look at what each processed.',
      async act(api) {
        api.comment('Ctrl-C in terminals A, C and D');
        for (const w of ['worker-A', 'worker-C', 'worker-D']) {
          const bg = api.started(w);
          await bg.stop('SIGINT');
          const last = bg.output().trim().split('\n').pop() ?? '';
          if (!last.startsWith(`worker ${w} stopped:`)) api.fail(`${w} should end with its summary line, not: ${last}`);
          api.printed(`terminal ${w.slice(-1)} ended with`, `${last}\n`);
        }
        const byWorker = processed(api);
        const lines: string[] = [];
        for (const [w, records] of byWorker) {
          lines.push(`${w}: ${String(records.length).padStart(3)} records from ${[...new Set(records.map((r) => r.shardId))].sort().join(', ') || 'no shard'}`);
        }
        // every record at least once, and each worker saw each of its shards in order
        const unique = new Set([...byWorker.values()].flat().map((r) => `${r.shardId}/${r.sequenceNumber}`));
        if (unique.size !== 300) api.fail(`expected all 300 records processed, found ${unique.size}`);
        for (const [w, records] of byWorker) {
          const last = new Map<string, bigint>();
          for (const r of records) {
            const seq = BigInt(r.sequenceNumber);
            if ((last.get(r.shardId) ?? -1n) >= seq) api.fail(`${w} processed ${r.shardId} out of order`);
            last.set(r.shardId, seq);
          }
        }
        lines.push('All 300 records processed, each shard in order, none lost.');
        api.summary(`what the workers' files hold (worker-A.jsonl, ...):\n${lines.join('\n')}`);
      },
      notice: `
Worker B's file ends where it died; the worker that took its shard carried on from B's last
checkpoint. If B had died after processing a batch but before checkpointing it, that batch
would be processed again: the KCL delivers at least once, so processors should be idempotent.`,
    },
  ],
  outro: `
A KCL application is a set of workers sharing one lease table: one lease per shard, one reader
per lease, progress kept as checkpoints. Workers balance the leases among themselves, so adding
workers (up to one per shard) adds read parallelism, and a crashed worker's shards move to the
others after the failover time. Checkpoint after processing, and make processing safe to repeat.
In awsmsg: "awsmsg kinesis consume" runs a worker (with a shell command or a real KCL
MultiLangDaemon record processor), "awsmsg kinesis describe-leases" shows the lease table.`,
};
