/**
 * SMS settings, opt-outs, the SMS sandbox and origination numbers. Nothing is sent: the
 * sandbox's one-time passwords are SMS messages in the outbox. An account here is not in the
 * sandbox (publishing SMS works as in a production account), but the sandbox calls work.
 */
import { randomUUID } from '../../core/ids.js';
import { nodeCrypto } from '../../core/nodeCrypto.js';
import type { Ctx } from '../../core/context.js';
import { AwsError } from '../../core/errors.js';
import { normalisePhone } from './delivery.js';
import { invalidParameter, invalidParameterRaw, resourceNotFound } from './errors.js';
import { recordOutbox } from './outbox.js';
import { decodeToken, page, PAGE_SIZE } from './pagination.js';

const SMS_ATTRIBUTES = [
  'MonthlySpendLimit',
  'DeliveryStatusIAMRole',
  'DeliveryStatusSuccessSamplingRate',
  'DefaultSenderID',
  'DefaultSMSType',
  'UsageReportS3Bucket',
];

/** A new account's SMS spending limit, in USD. */
const DEFAULT_SETTINGS: Record<string, string> = { MonthlySpendLimit: '1' };

const E164 = /^\+?[1-9]\d{1,14}$/;

function settings(ctx: Ctx): Record<string, string> {
  const row = ctx.store
    .stmt<[string, string], { attributes: string }>('SELECT attributes FROM sns_sms_settings WHERE account = ? AND region = ?')
    .get(ctx.accountId, ctx.region);
  return { ...DEFAULT_SETTINGS, ...(row ? (JSON.parse(row.attributes) as Record<string, string>) : {}) };
}

export function setSMSAttributes(ctx: Ctx, input: { attributes?: Record<string, string> }): Record<string, never> {
  const attrs = input.attributes ?? {};
  for (const [k, v] of Object.entries(attrs)) {
    if (!SMS_ATTRIBUTES.includes(k)) throw invalidParameterRaw(`${k} is not a valid attribute`);
    if (k === 'DefaultSenderID' && !/^(?=.*[A-Za-z])[A-Za-z0-9]{1,11}$/.test(v)) {
      throw invalidParameterRaw('DefaultSenderID is not a valid attribute');
    }
    if (k === 'DefaultSMSType' && v !== 'Promotional' && v !== 'Transactional') throw invalidParameterRaw('DefaultSMSType is invalid');
    if ((k === 'MonthlySpendLimit' || k === 'DeliveryStatusSuccessSamplingRate') && !/^\d+$/.test(v)) {
      throw invalidParameterRaw(`${k} is invalid`);
    }
  }
  ctx.store.write(() => {
    const current = settings(ctx);
    ctx.store
      .stmt(
        `INSERT INTO sns_sms_settings (account, region, attributes) VALUES (?, ?, ?)
         ON CONFLICT (account, region) DO UPDATE SET attributes = excluded.attributes`,
      )
      .run(ctx.accountId, ctx.region, JSON.stringify({ ...current, ...attrs }));
  });
  return {};
}

export function getSMSAttributes(ctx: Ctx, input: { attributes?: string[] }): { attributes: Record<string, string> } {
  const all = settings(ctx);
  if (!input.attributes || input.attributes.length === 0) return { attributes: all };
  const out: Record<string, string> = {};
  for (const k of input.attributes) if (all[k] !== undefined) out[k] = all[k]!;
  return { attributes: out };
}

function checkPhone(n: string | undefined): string {
  if (!n || !E164.test(n)) throw invalidParameter('PhoneNumber Reason: input incorrectly formatted');
  return n;
}

export function checkIfPhoneNumberIsOptedOut(ctx: Ctx, input: { phoneNumber?: string }): { isOptedOut: boolean } {
  const n = checkPhone(input.phoneNumber);
  const row = ctx.store.stmt('SELECT 1 FROM sns_opted_out WHERE account = ? AND phone_number = ?').get(ctx.accountId, normalisePhone(n));
  return { isOptedOut: row !== undefined };
}

export function listPhoneNumbersOptedOut(ctx: Ctx, input: { nextToken?: string }): { phoneNumbers: string[]; nextToken?: string } {
  const after = decodeToken<string>(input.nextToken, 'string') ?? '';
  const rows = ctx.store
    .stmt<[string, string, number], { phone_number: string }>(
      'SELECT phone_number FROM sns_opted_out WHERE account = ? AND phone_number > ? ORDER BY phone_number LIMIT ?',
    )
    .all(ctx.accountId, after, PAGE_SIZE + 1);
  const { items, nextToken } = page(rows, (r) => r.phone_number);
  const out: { phoneNumbers: string[]; nextToken?: string } = { phoneNumbers: items.map((r) => r.phone_number) };
  if (nextToken) out.nextToken = nextToken;
  return out;
}

export function optInPhoneNumber(ctx: Ctx, input: { phoneNumber?: string }): Record<string, never> {
  const n = checkPhone(input.phoneNumber);
  ctx.store.write(() => ctx.store.stmt('DELETE FROM sns_opted_out WHERE account = ? AND phone_number = ?').run(ctx.accountId, normalisePhone(n)));
  return {};
}

/** Opts a number out, as a recipient replying STOP would (not an AWS API; for the CLI and tests). */
export function optOutPhoneNumber(ctx: Ctx, phoneNumber: string): void {
  const n = checkPhone(phoneNumber);
  ctx.store.write(() =>
    ctx.store
      .stmt('INSERT OR IGNORE INTO sns_opted_out (account, phone_number, opted_out_at) VALUES (?, ?, ?)')
      .run(ctx.accountId, normalisePhone(n), ctx.store.clock.now()),
  );
}

export function getSMSSandboxAccountStatus(): { IsInSandbox: boolean } {
  return { IsInSandbox: false };
}

const SANDBOX_PHONE = /^(\+[0-9]{8,}|[0-9]{0,9})$/;

function checkSandboxPhone(n: string | undefined): string {
  if (!n || n.length > 20 || !SANDBOX_PHONE.test(n)) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${n ?? ''}' at 'phoneNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(\\+[0-9]{8,}|[0-9]{0,9})$`);
  }
  return n;
}

export function createSMSSandboxPhoneNumber(ctx: Ctx, input: { PhoneNumber?: string; LanguageCode?: string }): Record<string, never> {
  const n = checkSandboxPhone(input.PhoneNumber);
  const opted = ctx.store.stmt('SELECT 1 FROM sns_opted_out WHERE account = ? AND phone_number = ?').get(ctx.accountId, n);
  if (opted) throw new AwsError('OptedOut', 'The destination phone number has opted out of receiving SMS messages.');
  const otp = String(nodeCrypto().randomInt(0, 1_000_000)).padStart(6, '0');
  ctx.store.write(() => {
    ctx.store
      .stmt(
        `INSERT INTO sns_sandbox_numbers (account, region, phone_number, status, otp, created_at) VALUES (?, ?, ?, 'Pending', ?, ?)
         ON CONFLICT (account, region, phone_number) DO UPDATE SET otp = excluded.otp, status = CASE status WHEN 'Verified' THEN 'Verified' ELSE 'Pending' END`,
      )
      .run(ctx.accountId, ctx.region, n, otp, ctx.store.clock.now());
    recordOutbox(ctx, {
      protocol: 'sms',
      endpoint: n,
      messageId: randomUUID(),
      type: 'Notification',
      body: `Your Amazon SNS verification code is: ${otp}`,
      status: 'recorded',
    });
  });
  return {};
}

export function verifySMSSandboxPhoneNumber(ctx: Ctx, input: { PhoneNumber?: string; OneTimePassword?: string }): Record<string, never> {
  const n = checkSandboxPhone(input.PhoneNumber);
  ctx.store.write(() => {
    const row = ctx.store
      .stmt<[string, string, string], { otp: string; status: string }>(
        'SELECT otp, status FROM sns_sandbox_numbers WHERE account = ? AND region = ? AND phone_number = ?',
      )
      .get(ctx.accountId, ctx.region, n);
    if (!row) throw resourceNotFound('The phone number is not in the SMS sandbox of this account.');
    if (row.status !== 'Verified' && row.otp !== input.OneTimePassword) {
      throw new AwsError('VerificationException', 'Invalid one-time password.');
    }
    ctx.store
      .stmt("UPDATE sns_sandbox_numbers SET status = 'Verified' WHERE account = ? AND region = ? AND phone_number = ?")
      .run(ctx.accountId, ctx.region, n);
  });
  return {};
}

export function deleteSMSSandboxPhoneNumber(ctx: Ctx, input: { PhoneNumber?: string }): Record<string, never> {
  const n = checkSandboxPhone(input.PhoneNumber);
  ctx.store.write(() => {
    const info = ctx.store
      .stmt('DELETE FROM sns_sandbox_numbers WHERE account = ? AND region = ? AND phone_number = ?')
      .run(ctx.accountId, ctx.region, n);
    if (info.changes === 0) throw resourceNotFound('The phone number is not in the SMS sandbox of this account.');
  });
  return {};
}

function maxResults(v: number | undefined, max: number): number {
  if (v === undefined || v === null) return max;
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new AwsError('ValidationException', `1 validation error detected: Value '${v}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
  return v;
}

export function listSMSSandboxPhoneNumbers(
  ctx: Ctx,
  input: { NextToken?: string; MaxResults?: number },
): { PhoneNumbers: { PhoneNumber: string; Status: string }[]; NextToken?: string } {
  const size = maxResults(input.MaxResults, 100);
  const after = decodeToken<string>(input.NextToken, 'string') ?? '';
  const rows = ctx.store
    .stmt<[string, string, string, number], { phone_number: string; status: string }>(
      'SELECT phone_number, status FROM sns_sandbox_numbers WHERE account = ? AND region = ? AND phone_number > ? ORDER BY phone_number LIMIT ?',
    )
    .all(ctx.accountId, ctx.region, after, size + 1);
  const { items, nextToken } = page(rows, (r) => r.phone_number, size);
  const out: { PhoneNumbers: { PhoneNumber: string; Status: string }[]; NextToken?: string } = {
    PhoneNumbers: items.map((r) => ({ PhoneNumber: r.phone_number, Status: r.status })),
  };
  if (nextToken) out.NextToken = nextToken;
  return out;
}

/** No dedicated origination numbers exist here. */
export function listOriginationNumbers(_ctx: Ctx, input: { NextToken?: string; MaxResults?: number }): { PhoneNumbers: never[] } {
  maxResults(input.MaxResults, 30);
  decodeToken<string>(input.NextToken, 'string');
  return { PhoneNumbers: [] };
}
