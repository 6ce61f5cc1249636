import { afterAll, describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { BIN, cliSandbox } from '../helpers/cli.js';
import { stateDump } from '../helpers/stateDump.js';

const sb = cliSandbox();
afterAll(() => sb.cleanup());

describe('awsmsg command line', () => {
  it('prints its version', () => {
    const r = sb.run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^awsmsg\/\d+\.\d+\.\d+ Node\.js\/v\d+/);
  });

  it('with no command prints the usage and exits 252', () => {
    const r = sb.run([]);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('usage: awsmsg [options] <command> <subcommand>');
    expect(r.stderr).toContain('awsmsg: error: the following arguments are required: command');
    expect(r.stdout).toBe('');
  });

  it('rejects an unknown service with suggestions', () => {
    const r = sb.run(['sqss', 'list-queues']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("awsmsg: error: argument command: Found invalid choice 'sqss'");
    expect(r.stderr).toContain('* sqs');
  });

  it('rejects an unknown operation with suggestions', () => {
    const r = sb.run(['sqs', 'lst-queues']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("argument operation: Found invalid choice 'lst-queues'");
    expect(r.stderr).toContain('* list-queues');
  });

  it('names missing required arguments', () => {
    const r = sb.run(['sqs', 'send-message', '--queue-url', 'q']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain('awsmsg: error: the following arguments are required: --message-body');
  });

  it('reports unknown options after the usage block', () => {
    const r = sb.run(['sqs', 'list-queues', '--bogus']);
    expect(r.status).toBe(252);
    expect(r.stderr).toMatch(/\nusage: awsmsg .*\n[\s\S]*Unknown options: --bogus\n$/);
  });

  it('takes global options anywhere on the line', () => {
    const a = sb.run(['--output', 'text', 'clock']);
    const b = sb.run(['clock', '--output', 'text']);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(a.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+\+00:00\t/);
    expect(b.stdout).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+\+00:00\t/);
  });

  it('rejects a bad --output choice', () => {
    const r = sb.run(['--output', 'xml', 'clock']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("argument --output: Found invalid choice 'xml'");
  });

  it('fails with the configuration status for an unknown profile', () => {
    const r = sb.run(['--profile', 'nobody', 'clock']);
    expect(r.status).toBe(253);
    expect(r.stderr).toContain('The config profile (nobody) could not be found');
  });

  it('reads region and output from the profile in AWS_CONFIG_FILE', () => {
    writeFileSync(join(sb.dir, 'aws-config'), '[profile dev]\nregion = eu-west-1\noutput = text\n');
    const r = sb.run(['clock'], { env: { AWS_PROFILE: 'dev' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\t0\n$/);
  });
});

describe('awsmsg clock', () => {
  it('shows the clock and advances it for every later command', () => {
    const before = JSON.parse(sb.run(['clock']).stdout);
    expect(before.OffsetSeconds).toBe(0);
    const moved = sb.run(['clock', 'advance', '90s']);
    expect(moved.status).toBe(0);
    expect(JSON.parse(moved.stdout).OffsetSeconds).toBe(90);
    const after = JSON.parse(sb.run(['clock']).stdout);
    expect(after.OffsetSeconds).toBe(90);
    expect(Date.parse(after.Now) - Date.parse(before.Now)).toBeGreaterThanOrEqual(90_000);
    expect(statSync(sb.db).mode & 0o777).toBe(0o600);
  });

  it('refuses a bad duration without touching the clock', () => {
    const r = sb.run(['clock', 'advance', 'soon']);
    expect(r.status).toBe(252);
    expect(r.stderr).toContain("Invalid duration 'soon'");
    expect(JSON.parse(sb.run(['clock']).stdout).OffsetSeconds).toBe(90);
  });

  it('refuses to move past 2400-01-01, saying so and how far it can go, and stores nothing', () => {
    const before = stateDump(sb.db);
    for (const far of ['100000000d', '1' + '0'.repeat(400) + 'd', '140000d']) {
      const r = sb.run(['clock', 'advance', far]);
      expect(r.status, r.stderr).toBe(252);
      expect(r.stderr).toMatch(/^\nThe clock cannot move that far: it may not pass 2400-01-01T00:00:00Z, .* It can move at most \d+d more\.\n$/);
    }
    expect(stateDump(sb.db)).toBe(before);
    // and every command still works
    for (const args of [['clock'], ['status'], ['clock', 'advance', '1s']]) expect(sb.run(args).status).toBe(0);
  });

  it('says a negative duration would move it back (not "unknown option")', () => {
    const r = sb.run(['clock', 'advance', '-5s']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe("\nThe clock only moves forward: '-5s' would move it back.\n");
  });

  it('a file whose clock an older awsmsg moved out of range stands at 2400-01-01 and keeps working', () => {
    const old = cliSandbox();
    try {
      expect(old.run(['sqs', 'create-queue', '--queue-name', 'q']).status).toBe(0);
      const db = new Database(old.db);
      // what `clock advance 100000000d` stored before the range check
      db.prepare("UPDATE meta SET value = '8641796629257653' WHERE key = 'clock_offset_ms'").run();
      if (db.prepare("SELECT changes()").pluck().get() === 0) db.prepare("INSERT INTO meta VALUES ('clock_offset_ms', '8641796629257653')").run();
      db.close();
      const clock = old.run(['clock']);
      expect(clock.status, clock.stderr).toBe(0);
      expect(JSON.parse(clock.stdout).Now).toBe('2400-01-01T00:00:00+00:00');
      expect(old.run(['status']).status).toBe(0);
      const q = 'https://sqs.us-east-1.amazonaws.com/000000000000/q';
      expect(old.run(['sqs', 'send-message', '--queue-url', q, '--message-body', 'x']).status).toBe(0);
      const got = old.run(['sqs', 'receive-message', '--queue-url', q, '--attribute-names', 'SentTimestamp', '--query', 'Messages[0].Attributes.SentTimestamp', '--output', 'text']);
      expect(got.stdout.trim()).toBe(String(Date.UTC(2400, 0, 1)));
      const advance = old.run(['clock', 'advance', '1s']);
      expect(advance.status).toBe(252);
      expect(advance.stderr).toContain('It can move at most 0ms more.');
    } finally {
      old.cleanup();
    }
  });
});

describe('state file errors', () => {
  it('refuses a file that is not a state file, leaving it intact', () => {
    const path = join(sb.dir, 'notes.txt');
    writeFileSync(path, 'hello');
    const r = sb.run(['--db', path, 'clock']);
    expect(r.status).toBe(255);
    expect(r.stderr).toContain('is not an awsmsg state file');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('output into a closed pipe', () => {
  it('ends quietly when the reader has gone', () => {
    // `true` exits without reading, so every write awsmsg makes meets a closed pipe
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" tutorial | true`], { env: sb.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
