/**
 * For comparison only: the real AWS CLI sending one message to moto_server, where both are
 * installed. Returns undefined (and the bench says nothing) where they are not.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { median } from './stats.js';

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function benchAwsCliStartup(dir: string, _nodeMs: number, runs = 5): Promise<{ runs: number; medianMs: number } | undefined> {
  if (!has('aws') || !has('moto_server')) return undefined;
  const port = await freePort();
  const moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  try {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'none'),
    };
    const endpoint = ['--endpoint-url', `http://127.0.0.1:${port}`];
    let url: string | undefined;
    for (let i = 0; i < 50 && !url; i++) {
      const r = spawnSync('aws', [...endpoint, 'sqs', 'create-queue', '--queue-name', 'bench', '--query', 'QueueUrl', '--output', 'text'], {
        env,
        encoding: 'utf8',
      });
      if (r.status === 0) url = r.stdout.trim();
      else await new Promise((res) => setTimeout(res, 200));
    }
    if (!url) return undefined;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      spawnSync('aws', [...endpoint, 'sqs', 'send-message', '--queue-url', url, '--message-body', 'hello'], { env, stdio: 'ignore' });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return { runs, medianMs: median(times) };
  } finally {
    moto.kill('SIGTERM');
  }
}
