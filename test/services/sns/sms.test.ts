import { describe, expect, it } from 'vitest';
import { listOutbox, optOutPhoneNumber } from '../../../src/services/sns/index.js';
import { env, sns, snsError } from './helpers.js';

describe('SMS attributes', () => {
  it('are set and read back, with the default spend limit', () => {
    const { ctx } = env();
    expect(sns(ctx, 'GetSMSAttributes')).toEqual({ attributes: { MonthlySpendLimit: '1' } });
    sns(ctx, 'SetSMSAttributes', { attributes: { DefaultSenderID: 'MyName', DefaultSMSType: 'Transactional' } });
    expect(sns(ctx, 'GetSMSAttributes', { attributes: ['DefaultSenderID'] })).toEqual({ attributes: { DefaultSenderID: 'MyName' } });
    expect(sns(ctx, 'GetSMSAttributes').attributes).toEqual({ MonthlySpendLimit: '1', DefaultSenderID: 'MyName', DefaultSMSType: 'Transactional' });
  });

  it('are checked as AWS checks them', () => {
    const { ctx } = env();
    const err = (attributes: Record<string, string>): [string, string] => {
      const e = snsError(ctx, 'SetSMSAttributes', { attributes });
      return [e.code, e.message];
    };
    expect(err({ InvalidAttribute: 'x' })).toEqual(['InvalidParameter', 'InvalidAttribute is not a valid attribute']);
    expect(err({ DefaultSendID: 'x' })).toEqual(['InvalidParameter', 'DefaultSendID is not a valid attribute']);
    expect(err({ DefaultSMSType: 'Loud' })).toEqual(['InvalidParameter', 'DefaultSMSType is invalid']);
  });
});

describe('opt-outs', () => {
  it('are checked, listed and opted in again', () => {
    const { ctx } = env();
    expect(sns(ctx, 'CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+1555550100' })).toEqual({ isOptedOut: false });
    optOutPhoneNumber(ctx, '+15555550100');
    expect(sns(ctx, 'CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+15555550100' })).toEqual({ isOptedOut: true });
    expect(sns(ctx, 'ListPhoneNumbersOptedOut')).toEqual({ phoneNumbers: ['+15555550100'] });
    sns(ctx, 'OptInPhoneNumber', { phoneNumber: '+15555550100' });
    expect(sns(ctx, 'ListPhoneNumbersOptedOut')).toEqual({ phoneNumbers: [] });
    expect(snsError(ctx, 'OptInPhoneNumber', { phoneNumber: 'abc' }).message).toBe('Invalid parameter: PhoneNumber Reason: input incorrectly formatted');
    expect(snsError(ctx, 'CheckIfPhoneNumberIsOptedOut', { phoneNumber: '+0123' }).message).toBe('Invalid parameter: PhoneNumber Reason: input incorrectly formatted');
  });

  it('page by 100', () => {
    const { ctx } = env();
    for (let i = 0; i < 120; i++) optOutPhoneNumber(ctx, `+1555555${String(i).padStart(4, '0')}`);
    const first = sns<{ phoneNumbers: string[]; nextToken?: string }>(ctx, 'ListPhoneNumbersOptedOut');
    expect(first.phoneNumbers).toHaveLength(100);
    expect(sns<{ phoneNumbers: string[] }>(ctx, 'ListPhoneNumbersOptedOut', { nextToken: first.nextToken }).phoneNumbers).toHaveLength(20);
  });
});

describe('SMS sandbox', () => {
  it('sends the one-time password to the outbox and verifies the number with it', () => {
    const { ctx } = env();
    expect(sns(ctx, 'GetSMSSandboxAccountStatus')).toEqual({ IsInSandbox: false });
    sns(ctx, 'CreateSMSSandboxPhoneNumber', { PhoneNumber: '+15555550100', LanguageCode: 'en-US' });
    expect(sns(ctx, 'ListSMSSandboxPhoneNumbers')).toEqual({ PhoneNumbers: [{ PhoneNumber: '+15555550100', Status: 'Pending' }] });
    const otp = /(\d{6})$/.exec(listOutbox(ctx, { endpoint: '+15555550100' })[0]!.Body)![1]!;
    const wrong = snsError(ctx, 'VerifySMSSandboxPhoneNumber', { PhoneNumber: '+15555550100', OneTimePassword: otp === '000000' ? '111111' : '000000' });
    expect(wrong.code).toBe('VerificationException');
    sns(ctx, 'VerifySMSSandboxPhoneNumber', { PhoneNumber: '+15555550100', OneTimePassword: otp });
    expect(sns(ctx, 'ListSMSSandboxPhoneNumbers')).toEqual({ PhoneNumbers: [{ PhoneNumber: '+15555550100', Status: 'Verified' }] });
    sns(ctx, 'DeleteSMSSandboxPhoneNumber', { PhoneNumber: '+15555550100' });
    expect(snsError(ctx, 'DeleteSMSSandboxPhoneNumber', { PhoneNumber: '+15555550100' }).code).toBe('ResourceNotFound');
    expect(sns(ctx, 'ListSMSSandboxPhoneNumbers')).toEqual({ PhoneNumbers: [] });
  });

  it('has no origination numbers', () => {
    const { ctx } = env();
    expect(sns(ctx, 'ListOriginationNumbers')).toEqual({ PhoneNumbers: [] });
    expect(snsError(ctx, 'ListOriginationNumbers', { MaxResults: 31 }).code).toBe('ValidationException');
  });
});
