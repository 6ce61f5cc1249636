/** `awsmsg sns outbox`: listing, filters, and clear with the filters it is given. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../helpers/cli.js';

const sb = cliSandbox();
const T = 'arn:aws:sns:us-east-1:000000000000:t';
const entries = () => sb.run(['sns', 'outbox', '--query', 'Entries[].Protocol', '--output', 'text']).stdout.trim().split(/\s+/).sort();

beforeAll(() => {
  expect(sb.run(['sns', 'create-topic', '--name', 't']).status).toBe(0);
  expect(sb.run(['sns', 'subscribe', '--topic-arn', T, '--protocol', 'email', '--notification-endpoint', 'me@example.com']).status).toBe(0);
  expect(sb.run(['sns', 'subscribe', '--topic-arn', T, '--protocol', 'sms', '--notification-endpoint', '+15555550100']).status).toBe(0);
  expect(sb.run(['sns', 'publish', '--topic-arn', T, '--message', 'hi']).status).toBe(0);
});
afterAll(() => sb.cleanup());

describe('awsmsg sns outbox', () => {
  it('clear --protocol clears only that protocol (the option is clear\'s, not the list\'s)', () => {
    expect(entries()).toEqual(['email', 'sms']);
    const r = sb.run(['sns', 'outbox', 'clear', '--protocol', 'sms']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ Cleared: 1 });
    expect(entries()).toEqual(['email']);
  });

  it('refuses a filter value that can match nothing', () => {
    const r = sb.run(['sns', 'outbox', '--status', 'sent']);
    expect(r.status).toBe(252);
    expect(r.stderr).toBe("\n--status must be one of recorded, pending, delivered, failed, dead-lettered, cancelled; not 'sent'.\n");
    expect(entries()).toEqual(['email']);
  });
});
