/** Shared set-up for the SNS operation tests. */
import { verify, X509Certificate } from 'node:crypto';
import { afterEach } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { handlers, signingCertificate } from '../../../src/services/sns/index.js';
import { testEnv, type TestEnv } from '../../helpers/ctx.js';
import type { Ctx } from '../../../src/core/context.js';

const envs: TestEnv[] = [];
afterEach(() => envs.splice(0).forEach((e) => e.cleanup()));

/** A fresh state file, cleaned up after the test. */
export function env(region = 'us-east-1'): TestEnv {
  const e = testEnv(region);
  envs.push(e);
  return e;
}

/** Calls an SNS operation by its AWS name. */
export function sns<T = Record<string, unknown>>(ctx: Ctx, op: string, input: Record<string, unknown> = {}): T {
  const h = handlers[op];
  if (!h) throw new Error(`no handler ${op}`);
  return h(ctx, input) as T;
}

/** The AwsError an operation throws (fails the test if it succeeds or throws something else). */
export function snsError(ctx: Ctx, op: string, input: Record<string, unknown> = {}): AwsError {
  try {
    sns(ctx, op, input);
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error(`${op} succeeded but an error was expected`);
}

export const ACCOUNT = '000000000000';
export const topicArn = (name: string, region = 'us-east-1', account = ACCOUNT): string => `arn:aws:sns:${region}:${account}:${name}`;

/** Verifies an SNS document's signature as a subscriber does, with the state file's certificate. */
export function verifiesSignature(ctx: Ctx, doc: Record<string, string>): boolean {
  const cert = new X509Certificate(signingCertificate(ctx.store).pem);
  const names =
    doc.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = names.filter((n) => doc[n] !== undefined).map((n) => `${n}\n${doc[n]}\n`).join('');
  return verify(doc.SignatureVersion === '2' ? 'sha256' : 'sha1', Buffer.from(text), cert.publicKey, Buffer.from(doc.Signature!, 'base64'));
}
