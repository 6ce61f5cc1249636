import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('awsmsg config', () => {
  it('lists the settings with their defaults, without creating a state file', () => {
    const r = sb.run(['config']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^sqs\.standard-queue-realism {2}off {2}\(default\) standard queues now and then redeliver and reorder messages, as AWS allows\n/);
    expect(r.stdout).toMatch(/\nsqs\.realism-seed {12}0 {4}\(default\) the seed of those chances/);
    expect(sb.run(['config', 'get', 'sqs.standard-queue-realism']).stdout).toBe('off\n');
    expect(existsSync(sb.db)).toBe(false);
  });

  it('refuses unknown settings and bad values with a usage error, changing nothing', () => {
    const unknown = sb.run(['config', 'set', 'sqs.realism', 'on']);
    expect(unknown.status).toBe(252);
    expect(unknown.stderr).toContain("Unknown setting 'sqs.realism'. Settings: sqs.standard-queue-realism, sqs.realism-seed.");
    const bad = sb.run(['config', 'set', 'sqs.standard-queue-realism', 'sometimes']);
    expect(bad.status).toBe(252);
    expect(bad.stderr).toContain("Invalid value for sqs.standard-queue-realism: 'sometimes' (on or off).");
    const seed = sb.run(['config', 'set', 'sqs.realism-seed', '1.5']);
    expect(seed.status).toBe(252);
    expect(seed.stderr).toContain("Invalid value for sqs.realism-seed: '1.5' (a whole number from 0 to 4294967295).");
    expect(sb.run(['config', 'get', 'nope']).status).toBe(252);
    expect(existsSync(sb.db)).toBe(false);
  });

  it('sets, gets and unsets values kept in the state file, seen by every later process', () => {
    expect(sb.run(['config', 'set', 'sqs.standard-queue-realism', 'on'])).toMatchObject({ status: 0, stdout: '' });
    expect(sb.run(['config', 'set', 'sqs.realism-seed', '42']).status).toBe(0);
    expect(readFileSync(sb.db).length).toBeGreaterThan(0);
    expect(sb.run(['config', 'get', 'sqs.standard-queue-realism']).stdout).toBe('on\n');
    expect(sb.run(['config', 'get', 'sqs.realism-seed']).stdout).toBe('42\n');
    const listed = JSON.parse(sb.run(['config', 'list', '--output', 'json']).stdout);
    expect(listed.Settings.map((s: { Name: string; Value: string; IsDefault: boolean }) => [s.Name, s.Value, s.IsDefault])).toEqual([
      ['sqs.standard-queue-realism', 'on', false],
      ['sqs.realism-seed', '42', false],
    ]);
    expect(sb.run(['config', 'list', '--query', 'Settings[0].Value', '--output', 'text']).stdout).toBe('on\n');
    expect(sb.run(['config', 'unset', 'sqs.realism-seed']).status).toBe(0);
    expect(sb.run(['config', 'get', 'sqs.realism-seed']).stdout).toBe('0\n');
    expect(sb.run(['--db', `${sb.dir}/other.db`, 'config', 'get', 'sqs.standard-queue-realism']).stdout).toBe('off\n');
  });

  it('with realism on, the same seed replays the same deliveries from the command line', () => {
    // the settings in processes of their own, the deliveries in one shell script (one process
    // for the eight receives and deletes, so the test does not grow with the machine's load)
    const run = (db: string): string[] => {
      const ok = (args: string[], input?: string) => {
        const r = sb.run(['--db', db, ...args], { input });
        if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      ok(['config', 'set', 'sqs.standard-queue-realism', 'on']);
      ok(['config', 'set', 'sqs.realism-seed', '6']);
      const entries = JSON.stringify(Array.from({ length: 8 }, (_, i) => ({ Id: String(i), MessageBody: `job ${i + 1}` })));
      const script = [
        `Q=$(awsmsg sqs create-queue --queue-name jobs --query QueueUrl --output text)`,
        `awsmsg sqs send-message-batch --queue-url $Q --entries '${entries}' --query 'length(Successful)'`,
        ...Array.from({ length: 8 }, () => [
          `M=$(awsmsg sqs receive-message --queue-url $Q --query 'Messages[0].[Body, ReceiptHandle]' --output text)`,
          `echo "BODY $M" | cut -f1`,
          `awsmsg sqs delete-message --queue-url $Q --receipt-handle "$(echo "$M" | cut -f2)"`,
        ]).flat(),
      ].join('\n');
      const out = ok(['shell'], `${script}\n`);
      return [...out.matchAll(/^BODY (.*)$/gm)].map((m) => m[1]!);
    };
    const first = run(`${sb.dir}/a.db`);
    // with seed 6, the second receive takes job 3, out of order; strict order would be job 1 to job 8
    expect(first).toEqual(['job 1', 'job 3', 'job 2', 'job 4', 'job 5', 'job 6', 'job 7', 'job 8']);
    expect(run(`${sb.dir}/b.db`)).toEqual(first);
  });
});
