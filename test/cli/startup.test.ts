/**
 * What a one-shot command loads: its bundles compiled from V8's code cache
 * (src/cli/codeCache.ts) when the cache fits them, and neither node:crypto nor node:tty on the
 * way to sending a message to a pipe or /dev/null.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, cliSandbox, type CliSandbox } from '../helpers/cli.js';

const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/startup';
const SEND = ['sqs', 'send-message', '--queue-url', QUEUE_URL, '--message-body', 'hello', '--query', 'MD5OfMessageBody'];
const SENT = '"5d41402abc4b2a76b9719d911017c592"\n';
const SEND_BUNDLES = ['cli/main.cjs', 'model/data/sqs.cjs', 'services/sqs/index.cjs'];

/** The code cache's account of a run (AWSMSG_DEBUG_CODE_CACHE): bundle -> used | refused | none. */
function cacheReport(stderr: string): Record<string, string> {
  const report: Record<string, string> = {};
  for (const m of stderr.matchAll(/^code cache: (used|refused|none) for (\S+)$/gm)) report[m[2]!] = m[1]!;
  return report;
}

describe('start-up of a one-shot command', () => {
  let box: CliSandbox;
  let scratch: string;
  beforeEach(() => {
    box = cliSandbox();
    scratch = mkdtempSync(join(tmpdir(), 'awsmsg-startup-'));
    expect(box.run(['sqs', 'create-queue', '--queue-name', 'startup']).status).toBe(0);
  });
  afterEach(() => {
    box.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * Runs a command through the launcher's two lines with a probe that reports, on exit, which
   * of Node's modules it loaded (a preloaded module would be a node option, and turn the cache off).
   */
  function probed(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string; loaded: string[] } {
    const launcher = join(scratch, 'probe.cjs');
    const dist = join(ROOT, 'dist');
    writeFileSync(
      launcher,
      [
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.PROBE_OUT, process.moduleLoadList.join('\\n')));",
        `require(${JSON.stringify(join(dist, 'cli', 'codeCache.cjs'))}).requireWithCodeCache(require, module.constructor, ${JSON.stringify(dist)}, ${JSON.stringify(join(dist, 'cli', 'main.cjs'))});`,
      ].join('\n'),
    );
    const out = join(scratch, 'loaded.txt');
    const r = spawnSync(process.execPath, [launcher, ...args], { env: { ...box.env, ...env, PROBE_OUT: out }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded: readFileSync(out, 'utf8').split('\n') };
  }

  it('send-message compiles its bundles from the code cache the build left', () => {
    const r = box.run(SEND, { env: { AWSMSG_DEBUG_CODE_CACHE: '1' } });
    expect(r.stdout).toBe(SENT);
    const report = cacheReport(r.stderr);
    for (const bundle of SEND_BUNDLES) expect(report[bundle], bundle).toBe('used');
  });

  it('send-message loads neither node:crypto nor node:tty, and its MD5 and id are right', () => {
    const r = probed(['sqs', 'send-message', '--queue-url', QUEUE_URL, '--message-body', 'hello'], { AWSMSG_DEBUG_CODE_CACHE: '1' });
    expect(cacheReport(r.stderr)['services/sqs/index.cjs']).toBe('used');
    const sent = JSON.parse(r.stdout);
    expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(sent.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.loaded).not.toContain('NativeModule crypto');
    expect(r.loaded).not.toContain('NativeModule tty');
  });

  it("the command's bundles are compiled as written, and run once under Node's own loader too", () => {
    const dist = join(ROOT, 'dist');
    const selfRunning = (file: string) => /^\/\* awsmsg build [0-9a-f]{16} \*\/\(this === globalThis \?/.test(readFileSync(join(dist, file), 'latin1'));
    for (const bundle of SEND_BUNDLES) expect(selfRunning(bundle), bundle).toBe(true);
    // what Node's loader reads first keeps the plain form (the package's importers see its names)
    for (const bundle of ['cli/codeCache.cjs', 'server/index.cjs']) expect(selfRunning(bundle), bundle).toBe(false);
    // Node's require of a self-running bundle: its exports, from one run of its code
    const script = [
      `const model = require(${JSON.stringify(join(dist, 'model', 'data', 'sqs.cjs'))});`,
      `const again = require(${JSON.stringify(join(dist, 'model', 'data', 'sqs.cjs'))});`,
      "console.log(JSON.stringify({ same: model === again, send: Object.keys(model.default.operations).includes('SendMessage') }));",
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ same: true, send: true });
  });

  it("the commands run most often load neither node:crypto nor Node's HTTP client", () => {
    // receipt handles and FIFO content deduplication take SHA-256, SNS and Kinesis make ids:
    // all of it without node:crypto (about 6 ms to load here) or node:http/https/tls (more)
    const run = (...args: string[]) => {
      const r = probed(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      for (const m of ['NativeModule crypto', 'NativeModule http', 'NativeModule https', 'NativeModule tls']) expect(r.loaded, args.join(' ')).not.toContain(m);
      return r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
    };
    const fifo = run('sqs', 'create-queue', '--queue-name', 'probe.fifo', '--attributes', 'FifoQueue=true,ContentBasedDeduplication=true').QueueUrl;
    expect(run('sqs', 'send-message', '--queue-url', fifo, '--message-body', 'x', '--message-group-id', 'g').SequenceNumber).toBeTruthy();
    const received = run('sqs', 'receive-message', '--queue-url', fifo).Messages;
    expect(received).toHaveLength(1);
    run('sqs', 'change-message-visibility', '--queue-url', fifo, '--receipt-handle', received[0].ReceiptHandle, '--visibility-timeout', '5');
    run('sqs', 'delete-message', '--queue-url', fifo, '--receipt-handle', received[0].ReceiptHandle);
    const topic = run('sns', 'create-topic', '--name', 'probe').TopicArn;
    run('sns', 'subscribe', '--topic-arn', topic, '--protocol', 'sqs', '--notification-endpoint', 'arn:aws:sqs:us-east-1:000000000000:startup');
    expect(run('sns', 'list-topics').Topics).toEqual([{ TopicArn: topic }]);
    // the state file's signing key is made by the first publish (node:crypto, once); later
    // publishes store their envelopes with the signature still to be made, on receive
    expect(box.run(['sns', 'publish', '--topic-arn', topic, '--message', 'first']).status).toBe(0);
    expect(run('sns', 'publish', '--topic-arn', topic, '--message', 'second').MessageId).toBeTruthy();
    // (a new stream is CREATING for a while on the state file's clock; the box's clock is moved on)
    run('kinesis', 'create-stream', '--stream-name', 'probe', '--shard-count', '1');
    expect(box.run(['clock', 'advance', '1m']).status).toBe(0);
    expect(run('kinesis', 'put-record', '--stream-name', 'probe', '--partition-key', 'k', '--data', 'aGk=').ShardId).toBe('shardId-000000000000');
    expect(run('kinesis', 'list-streams').StreamNames).toEqual(['probe']);
    // shard iterators are authenticated and enciphered with SHA-256 alone
    const iterator = run('kinesis', 'get-shard-iterator', '--stream-name', 'probe', '--shard-id', 'shardId-000000000000', '--shard-iterator-type', 'TRIM_HORIZON').ShardIterator;
    const read = run('kinesis', 'get-records', '--shard-iterator', iterator);
    expect(read.Records.map((r: { Data: string }) => r.Data)).toEqual(['aGk=']);
    expect(run('kinesis', 'get-records', '--shard-iterator', read.NextShardIterator).Records).toEqual([]);
  });

  it('compiles from source, with the same result, when node has options of its own', () => {
    const r = spawnSync(process.execPath, ['--no-warnings', BIN, ...SEND], { env: { ...box.env, AWSMSG_DEBUG_CODE_CACHE: '1' }, encoding: 'utf8' });
    expect(r).toMatchObject({ status: 0, stdout: SENT, stderr: '' });
  });

  it('does not use a cache made from another version of a bundle, and survives one V8 refuses', () => {
    // a copy of the program whose bundles can be changed; better-sqlite3 found beside it
    cpSync(join(ROOT, 'bin'), join(scratch, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(scratch, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(scratch, 'node_modules'), 'dir');
    const run = () =>
      spawnSync(process.execPath, [join(scratch, 'bin', 'awsmsg'), ...SEND], { env: { ...box.env, AWSMSG_DEBUG_CODE_CACHE: '1' }, encoding: 'utf8' });
    expect(cacheReport(run().stderr)['model/data/sqs.cjs']).toBe('used');

    // the bundle rebuilt since the cache was made (another build, the same length): not used
    const model = join(scratch, 'dist', 'model', 'data', 'sqs.cjs');
    const source = readFileSync(model, 'latin1');
    const build = /^\/\* awsmsg build ([0-9a-f]{16}) \*\//.exec(source)![1]!;
    const otherBuild = build.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    writeFileSync(model, source.replace(build, otherBuild), 'latin1');
    const rebuilt = run();
    expect(rebuilt.stdout).toBe(SENT);
    expect(cacheReport(rebuilt.stderr)['model/data/sqs.cjs']).toBe('none');

    // a cache of the bundle's own build whose data V8 refuses: compiled from source
    const cacheDir = join(scratch, 'dist', 'v8-cache', `${process.version}-${process.arch}`);
    const junk = Buffer.concat([Buffer.from(build, 'latin1'), Buffer.from('not a code cache '.repeat(20))]);
    writeFileSync(join(cacheDir, 'cli', 'main.cjs.v8'), junk);
    const refused = run();
    expect(refused.stdout).toBe(SENT);
    expect(cacheReport(refused.stderr)['cli/main.cjs']).toBe('refused');
  });

  it('loads each bundle once, into require.cache, and a cycle between bundles sees the exports so far', () => {
    // bundles that name each other by their place under dist/, as the build writes them
    const dist = join(scratch, 'dist');
    mkdirSync(join(dist, 'cli'), { recursive: true });
    writeFileSync(
      join(dist, 'cli', 'a.cjs'),
      "globalThis.runsOfA = (globalThis.runsOfA ?? 0) + 1; exports.early = 'early'; exports.b = require('../b.cjs'); exports.again = require('./a.cjs') === exports;",
    );
    writeFileSync(join(dist, 'b.cjs'), "exports.seenOfA = require('./cli/a.cjs').early; exports.fs = typeof require('node:fs').readFileSync;");
    const launcher = join(scratch, 'launch.cjs');
    writeFileSync(
      launcher,
      [
        `const a = require(${JSON.stringify(join(ROOT, 'dist', 'cli', 'codeCache.cjs'))}).requireWithCodeCache(require, module.constructor, ${JSON.stringify(dist)}, ${JSON.stringify(join(dist, 'cli', 'a.cjs'))});`,
        `const cached = Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(dist)})).sort();`,
        'console.log(JSON.stringify({ a, runsOfA: globalThis.runsOfA, cached, loaded: cached.map((f) => require.cache[f].loaded) }));',
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, [launcher], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      a: { early: 'early', b: { seenOfA: 'early', fs: 'function' }, again: true },
      runsOfA: 1,
      cached: [join(dist, 'b.cjs'), join(dist, 'cli', 'a.cjs')],
      loaded: [true, true],
    });
  });

  it('runs from a copy whose dist/ is a link to the build, finding better-sqlite3 from where the bundles really are', () => {
    cpSync(join(ROOT, 'bin'), join(scratch, 'bin'), { recursive: true });
    symlinkSync(join(ROOT, 'dist'), join(scratch, 'dist'), 'dir');
    const r = spawnSync(process.execPath, [join(scratch, 'bin', 'awsmsg'), ...SEND], { env: { ...box.env, AWSMSG_DEBUG_CODE_CACHE: '1' }, encoding: 'utf8' });
    expect(r.stdout).toBe(SENT);
    expect(r.status).toBe(0);
    expect(cacheReport(r.stderr)['cli/main.cjs']).toBe('used');
  });

  it('completion writes nothing to standard error (no loader warnings from cached bundles)', () => {
    const config = join(scratch, 'config');
    writeFileSync(config, '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n');
    const r = box.run(['__complete', 'bash', 'awsmsg sqs list-queues --profile '], { env: { AWS_CONFIG_FILE: config } });
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['default', 'dev']));
  });
});
