/**
 * `npm run bench`: every speed figure the issues ask for, each measured side by side with
 * its baseline in the same run (this machine is shared and noisy; a figure alone would mean
 * little). Prints one table; `--json` prints the figures for scripts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchStartup } from './startup.js';
import { benchAwsCliStartup } from './awscli.js';
import { benchThroughput, benchReceiveLatency } from './sqs.js';
import { benchLongPoll, longPollReceiver } from './sqsLongPoll.js';
import { benchFirstReceive, benchPublish } from './sns.js';
import { benchFilterPolicy } from './filterPolicy.js';
import { benchPutRecords, benchGetRecords } from './kinesis.js';
import { benchConsumer } from './kcl.js';
import { repoRoot } from '../core/repoRoot.js';
import { benchServer } from './server.js';
import { runStubServer } from './stub.js';

interface Row {
  figure: string;
  awsmsg: string;
  baseline: string;
  result: string;
  goal: string;
  met?: boolean;
}

const ROOT = repoRoot();
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
const rate = (n: number) => `${Math.round(n).toLocaleString('en-US')}/s`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;

async function main(): Promise<void> {
  if (process.argv[2] === '--long-poll-receiver') {
    await longPollReceiver(process.argv.slice(3));
    return;
  }
  if (process.argv[2] === '--stub-server') {
    await runStubServer();
    return;
  }
  const json = process.argv.includes('--json');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const want = (name: string) => !only || only.includes(name);
  const dir = mkdtempSync(join(tmpdir(), 'awsmsg-bench-'));
  const rows: Row[] = [];
  const step = (name: string) => {
    if (!json) process.stderr.write(`running ${name}...\n`);
  };
  try {
    if (want('startup')) {
      step('start-up');
      const s = benchStartup(ROOT, dir);
      rows.push({
        figure: `sqs send-message, new process (${s.runs} pairs with node)`,
        awsmsg: ms(s.awsmsgMedianMs),
        baseline: `node -e 0: ${ms(s.nodeMedianMs)}`,
        result: `${s.ratio.toFixed(2)}x (+${Math.round(s.addedMs)} ms)`,
        goal: '<= 1.3x',
        met: s.ratio <= 1.3,
      });
      const aws = await benchAwsCliStartup(dir, s.nodeMedianMs);
      if (aws) {
        rows.push({
          figure: `aws sqs send-message to moto_server (median of ${aws.runs})`,
          awsmsg: '-',
          baseline: `aws: ${ms(aws.medianMs)}`,
          result: `${(aws.medianMs / s.nodeMedianMs).toFixed(2)}x node`,
          goal: 'for comparison',
        });
      }
    }
    if (want('sqs')) {
      step('SQS throughput');
      const t = benchThroughput(dir, 20_000);
      rows.push({
        figure: 'SQS send-batch/receive/delete-batch, in process',
        awsmsg: rate(t.awsmsgPerSecond),
        baseline: `raw SQLite: ${rate(t.rawSqlitePerSecond)}`,
        result: pct(t.ratio, 1),
        goal: '>= 40%',
        met: t.ratio >= 0.4,
      });
      step('SQS receive latency on 1,000,000 messages');
      const l = benchReceiveLatency(dir);
      rows.push({
        figure: 'ReceiveMessage median, 1,000,000 vs 1,000 messages',
        awsmsg: ms(l.large),
        baseline: `1,000: ${ms(l.small)}`,
        result: `${(l.large / l.small).toFixed(2)}x`,
        goal: '<= 2x',
        met: l.large / l.small <= 2,
      });
      step('SQS long polling across processes');
      const bin = fileURLToPath(import.meta.url);
      const median = await benchLongPoll(dir, (args) =>
        spawn(process.execPath, [bin, '--long-poll-receiver', ...args], { stdio: ['ignore', 'pipe', 'inherit'] }),
      );
      rows.push({
        figure: 'long poll: send in one process, seen by another (median)',
        awsmsg: ms(median),
        baseline: '-',
        result: ms(median),
        goal: '< 100 ms',
        met: median < 100,
      });
    }
    if (want('sns')) {
      // Envelopes are signed with the state file's RSA-2048 key, once per message, as AWS signs
      // them: copies in queues when first received (the last SNS figure shows that cost); raw
      // delivery (no envelope, nothing to sign) shows the rest apart.
      for (const rawMessageDelivery of [false, true]) {
        for (const subscribers of [1, 10, 100] as const) {
          step(`SNS publish to ${subscribers} subscribers${rawMessageDelivery ? ', raw delivery' : ''}`);
          const messages = subscribers === 100 ? 300 : subscribers === 10 ? 2_000 : 5_000;
          const p = benchPublish(dir, subscribers, messages, { rawMessageDelivery });
          rows.push({
            figure: `SNS publish, ${subscribers} SQS subscriber${subscribers > 1 ? 's' : ''}, ${rawMessageDelivery ? 'raw delivery' : 'signed envelope'} (deliveries)`,
            awsmsg: rate(p.deliveredPerSecond),
            baseline: `raw SQLite: ${rate(p.rawSqlitePerSecond)}`,
            result: pct(p.ratio, 1),
            goal: '>= 40%',
            met: p.ratio >= 0.4,
          });
        }
      }
      step('SNS envelopes received the first time');
      const first = benchFirstReceive(dir, 2_000);
      rows.push({
        figure: 'SQS receive of SNS envelopes, first time (signing them) (messages)',
        awsmsg: rate(first.firstPerSecond),
        baseline: `received again: ${rate(first.laterPerSecond)}`,
        result: pct(first.firstPerSecond, first.laterPerSecond),
        goal: 'reported',
      });
      step('SNS filter policies');
      const f = benchFilterPolicy(200_000);
      rows.push({
        figure: 'filter-policy evaluations (5-key policy)',
        awsmsg: rate(f.perSecond),
        baseline: '-',
        result: rate(f.perSecond),
        goal: '> 100,000/s',
        met: f.perSecond > 100_000,
      });
    }
    if (want('kinesis')) {
      step('Kinesis PutRecords');
      const put = benchPutRecords(dir, 200);
      rows.push({
        figure: 'Kinesis PutRecords, 500 x 100-byte records (records)',
        awsmsg: rate(put.awsmsgPerSecond),
        baseline: `raw SQLite: ${rate(put.rawSqlitePerSecond)}`,
        result: pct(put.awsmsgPerSecond, put.rawSqlitePerSecond),
        goal: '>= 40%',
        met: put.awsmsgPerSecond / put.rawSqlitePerSecond >= 0.4,
      });
      step('Kinesis GetRecords');
      const get = benchGetRecords(dir, 100_000);
      rows.push({
        figure: 'Kinesis GetRecords (records)',
        awsmsg: rate(get.awsmsgPerSecond),
        baseline: `raw SQLite: ${rate(get.rawSqlitePerSecond)}`,
        result: pct(get.awsmsgPerSecond, get.rawSqlitePerSecond),
        goal: '>= 40%',
        met: get.awsmsgPerSecond / get.rawSqlitePerSecond >= 0.4,
      });
      step('KCL-style consumer, 4 shards, 2 workers');
      const c = await benchConsumer(dir, 50_000);
      rows.push({
        figure: `KCL consumer end to end, ${c.shards} shards, ${c.workers} worker processes`,
        awsmsg: rate(c.recordsPerSecond),
        baseline: '-',
        result: `${c.records.toLocaleString('en-US')} records in ${c.seconds.toFixed(1)} s`,
        goal: 'reported',
      });
    }
    if (want('server')) {
      step('awsmsg serve through the AWS SDK, beside a stub server and fauxqs');
      rows.push(...serverRows(await benchServer(ROOT, dir)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  printTable(rows);
}

function serverRows(f: Awaited<ReturnType<typeof benchServer>>): Row[] {
  const rows: Row[] = [];
  // rates are the medians of the rounds; a result is the median of the rounds' ratios to the stub
  const sdk = (figure: string, t: Awaited<ReturnType<typeof benchServer>>['sendSequential'], goal: number) => {
    rows.push({
      figure: `${figure}, @aws-sdk/client-sqs`,
      awsmsg: rate(t.awsmsg),
      baseline: `stub: ${rate(t.stub)}`,
      result: pct(t.awsmsgRatio, 1),
      goal: `>= ${goal * 100}%`,
      met: t.awsmsgRatio >= goal,
    });
    if (t.fauxqs !== undefined && t.fauxqsRatio !== undefined) {
      rows.push({ figure: `  the same, fauxqs (in memory)`, awsmsg: '-', baseline: `fauxqs: ${rate(t.fauxqs)}`, result: pct(t.fauxqsRatio, 1), goal: 'for comparison' });
    }
  };
  sdk('serve: SendMessage sequential', f.sendSequential, 0.9);
  sdk('serve: SendMessage, 10 in flight', f.sendConcurrent, 0.9);
  sdk('serve: send-batch/receive/delete-batch (messages)', f.batchRoundTrip, 0.8);
  rows.push({
    figure: 'serve: Kinesis PutRecords 500 x 100 B, @aws-sdk/client-kinesis (h2)',
    awsmsg: rate(f.kinesisPut.awsmsg),
    baseline: `stub: ${rate(f.kinesisPut.stub)}`,
    result: pct(f.kinesisPut.awsmsg, f.kinesisPut.stub),
    goal: 'reported',
  });
  rows.push({
    figure: 'serve: Kinesis GetRecords, @aws-sdk/client-kinesis (h2)',
    awsmsg: rate(f.kinesisGet.awsmsg),
    baseline: `stub: ${rate(f.kinesisGet.stub)}`,
    result: pct(f.kinesisGet.awsmsg, f.kinesisGet.stub),
    goal: 'reported',
  });
  rows.push({
    figure: 'serve: server CPU per SendMessage',
    awsmsg: ms(f.cpuMsPerSend),
    baseline: '-',
    result: ms(f.cpuMsPerSend),
    goal: '<= 0.2 ms',
    met: f.cpuMsPerSend <= 0.2,
  });
  const lp = f.longPolls;
  rows.push({
    figure: `serve: ${lp.count.toLocaleString('en-US')} open long polls, server memory (${lp.answered} answered)`,
    awsmsg: `${(lp.rssWithMb - lp.rssBeforeMb).toFixed(0)} MB more`,
    baseline: `before: ${lp.rssBeforeMb.toFixed(0)} MB`,
    result: `${lp.rssWithMb.toFixed(0)} MB`,
    goal: '< 100 MB',
    met: lp.rssWithMb - lp.rssBeforeMb < 100 && lp.answered === lp.count,
  });
  rows.push({
    figure: `serve: SendMessage while ${lp.count.toLocaleString('en-US')} long polls wait`,
    awsmsg: rate(lp.sendsWith),
    baseline: `none waiting: ${rate(lp.sendsBefore)}`,
    result: slowerOrFaster(lp.sendsWith / lp.sendsBefore),
    goal: '< 20% slower',
    met: lp.sendsWith / lp.sendsBefore > 0.8,
  });
  return rows;
}

function printTable(rows: Row[]): void {
  const head: Row = { figure: 'figure', awsmsg: 'awsmsg', baseline: 'baseline', result: 'result', goal: 'goal' };
  const cols = ['figure', 'awsmsg', 'baseline', 'result', 'goal'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => r[c].length))]));
  const line = (r: Row, mark: string) => `${cols.map((c) => r[c].padEnd(width[c]!)).join('  ')}  ${mark}`;
  process.stdout.write(`${line(head, '')}\n`);
  for (const r of rows) process.stdout.write(`${line(r, r.met === undefined ? '' : r.met ? 'met' : 'NOT MET')}\n`);
}

void main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});

/** A rate beside the same rate measured before: "7% slower", or "12% faster" (noise, or less work to share the machine with). */
function slowerOrFaster(ratio: number): string {
  const pct = Math.round((1 - ratio) * 100);
  return pct >= 0 ? `${pct}% slower` : `${-pct}% faster`;
}
