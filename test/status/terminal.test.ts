/**
 * `awsmsg status` in real terminals (tmux) of 80x24 and 200x50: the dashboard fits the width
 * and the height, shows more columns when there is room, and --watch redraws one screen per
 * refresh on the alternate screen, giving the terminal back as it was on Ctrl-C.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ACCOUNT_ID } from '../../src/core/context.js';
import { LeaseTable } from '../../src/kcl/leases.js';
import { openStore } from '../../src/store/db.js';
import { BIN, cliSandbox } from '../helpers/cli.js';
import { HAVE_TMUX, Terminal } from '../repl/tmux.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());
let term: Terminal | undefined;
afterEach(() => term?.kill());

if (!HAVE_TMUX) console.log('status terminal tests skipped: tmux is not installed');

const ok = (args: string[]) => {
  const r = sb.run(args);
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** The lines a one-off status printed: from its header to the test's exit mark. */
function printed(screen: string): string[] {
  const lines = screen.split('\n');
  const start = lines.findIndex((l) => l.startsWith('awsmsg status'));
  const end = lines.findIndex((l) => l.startsWith('[exit '));
  return lines.slice(start, end);
}

describe.skipIf(!HAVE_TMUX)('awsmsg status in a terminal', () => {
  beforeAll(() => {
    for (let i = 0; i < 24; i++) ok(['sqs', 'create-queue', '--queue-name', i % 3 === 0 ? `billing-department-events-queue-${i}` : `q${i}`]);
    ok(['sns', 'create-topic', '--name', 'order-events']);
    ok(['kinesis', 'create-stream', '--stream-name', 'trucks', '--shard-count', '4']);
    ok(['clock', 'advance', '5s']);
    // one truck sends 2 MB in one call: its shard refuses about half
    const records = Array.from({ length: 500 }, () => ({ Data: 'x'.repeat(3960), PartitionKey: 'truck-007' }));
    writeFileSync(join(sb.dir, 'hot.json'), JSON.stringify({ StreamName: 'trucks', Records: records }));
    ok(['kinesis', 'put-records', '--cli-input-json', `file://${join(sb.dir, 'hot.json')}`, '--cli-binary-format', 'raw-in-base64-out']);
    const store = openStore(sb.db);
    try {
      const table = new LeaseTable({ store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID }, 'dispatch');
      for (let s = 0; s < 4; s++) {
        table.create({
          leaseKey: `shardId-00000000000${s}`,
          streamName: 'trucks',
          streamCreatedAt: 0,
          checkpoint: { sequenceNumber: 'TRIM_HORIZON', subSequenceNumber: 0 },
          parentShardIds: [],
          hashKeyRange: { startingHashKey: '0', endingHashKey: '1' },
        });
      }
    } finally {
      store.close();
    }
  });

  it('fits 80x24: shortened names, the most useful columns, and a line saying what did not fit', async () => {
    const t = (term = Terminal.start(['status'], sb.env, { cwd: sb.dir, width: 80, height: 24 }));
    const lines = printed(await t.waitFor('[exit 0]'));
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(23);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    const text = lines.join('\n');
    expect(text).toMatch(/^billing-\S*…\S*-queue-0 +0 +0/m);
    expect(text).toMatch(/… \d+ more lines/);
    expect(text).toMatch(/^trucks {2}ACTIVE {2}refused: \d+ puts, 0 reads \(5 min\)/m);
    expect(text).toMatch(/^ {2}shardId-\d{12} {2}[·█]{16} +\d+ {2}█+ +\d+$/m);
    expect(text).not.toContain('Refused reads');
  });

  it('shows more on a wide terminal: whole names, more columns, every row', async () => {
    const t = (term = Terminal.start(['status'], sb.env, { cwd: sb.dir, width: 200, height: 50 }));
    const lines = printed(await t.waitFor('[exit 0]'));
    expect(lines.length).toBeLessThanOrEqual(49);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(200);
    const text = lines.join('\n');
    expect(text).toContain('billing-department-events-queue-0 ');
    expect(text).toContain('Refused reads');
    expect(text).toContain('Redrive');
    expect(text).not.toMatch(/more lines/);
    expect(text).toMatch(/^ {2}\(no owner\) {2}█+ {2}4 leases {2}lag 0 {2}shardId-000000000000, shardId-000000000001/m);
  });

  it.each([
    [80, 24],
    [200, 50],
  ])('--watch at %ix%i draws one screen per refresh on the alternate screen, and gives the terminal back on Ctrl-C', async (width, height) => {
    const t = (term = Terminal.startProgram(['sh', '-c', `echo BEFORE-STATUS; exec "${process.execPath}" "${BIN}" status --watch`], sb.env, {
      cwd: sb.dir,
      width,
      height,
    }));
    const first = await t.waitFor('Ctrl-C to stop');
    const check = (screen: string) => {
      const rows = screen.replace(/\n$/, '').split('\n');
      expect(rows.length).toBe(height);
      expect(rows[0]).toMatch(/^awsmsg status /);
      expect(rows[height - 1]).toBe('refreshing every second; Ctrl-C to stop');
      for (const r of rows) expect(r.length, r).toBeLessThanOrEqual(width);
      expect(screen).not.toContain('BEFORE-STATUS');
    };
    check(first);
    // a later refresh: the clock in the header moved on, and the queues' trends have begun
    const header = first.split('\n')[0];
    const later = await t.waitFor(new RegExp(`^(?!${header!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$)awsmsg status .*\\n`));
    check(later);
    expect(later).toContain('trends: a mark per 10 s of the clock');
    t.press('C-c');
    const after = await t.waitFor('[exit 130]');
    expect(after).toContain('BEFORE-STATUS');
    expect(after).not.toContain('Ctrl-C to stop');
  });
});
