/**
 * Start-up cost of one command: `awsmsg sqs send-message` as a fresh process against
 * `node -e 0`, the floor any Node.js program pays, in N pairs of runs (which of the two goes
 * first turns round each pair). The ratio is the median of the pairs' own ratios: this shared
 * machine's load changes from second to second, and a pair's two runs meet nearly the same.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median, pairedRatio } from './stats.js';

export interface StartupFigures {
  runs: number;
  nodeMedianMs: number;
  awsmsgMedianMs: number;
  /** the median of the pairs' ratios, awsmsg to node */
  ratio: number;
  /** the median of what awsmsg took beyond node in each pair */
  addedMs: number;
  awscliMedianMs?: number;
}

function timeRun(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return ms;
}

export function benchStartup(root: string, dir: string, runs = 21): StartupFigures {
  const bin = join(root, 'bin', 'awsmsg');
  const env: NodeJS.ProcessEnv = { ...process.env, AWSMSG_DB: join(dir, 'startup.db'), AWS_CONFIG_FILE: join(dir, 'none') };
  // Settings that make every Node.js process start slower, awsmsg or not, would hide awsmsg's
  // own share: NODE_EXTRA_CA_CERTS alone (reading a certificate bundle) costs about 30 ms
  // per process on this machine, where it is set for everything.
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.NODE_OPTIONS;
  const create = spawnSync(process.execPath, [bin, 'sqs', 'create-queue', '--queue-name', 'bench'], { env, encoding: 'utf8' });
  if (create.status !== 0) throw new Error(`create-queue failed: ${create.stderr}`);
  const url = JSON.parse(create.stdout).QueueUrl as string;
  const send = [bin, 'sqs', 'send-message', '--queue-url', url, '--message-body', 'hello'];
  const node: number[] = [];
  const awsmsg: number[] = [];
  timeRun(process.execPath, send, env); // warm the file cache
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      node.push(timeRun(process.execPath, ['-e', '0'], env));
      awsmsg.push(timeRun(process.execPath, send, env));
    } else {
      awsmsg.push(timeRun(process.execPath, send, env));
      node.push(timeRun(process.execPath, ['-e', '0'], env));
    }
  }
  return {
    runs,
    nodeMedianMs: median(node),
    awsmsgMedianMs: median(awsmsg),
    ratio: pairedRatio(awsmsg, node),
    addedMs: median(awsmsg.map((a, i) => a - node[i]!)),
  };
}
