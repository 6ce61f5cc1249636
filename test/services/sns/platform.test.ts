import { describe, expect, it } from 'vitest';
import { listOutbox } from '../../../src/services/sns/index.js';
import { env, sns, snsError } from './helpers.js';

type Attrs = { Attributes: Record<string, string> };

describe('platform applications', () => {
  it('are created, listed, changed and deleted', () => {
    const { ctx } = env();
    const { PlatformApplicationArn: arn } = sns<{ PlatformApplicationArn: string }>(ctx, 'CreatePlatformApplication', {
      Name: 'MyApplication',
      Platform: 'GCM',
      Attributes: { PlatformCredential: 'EXAMPLEabcd12345jklm67890stuv12345bcdef' },
    });
    expect(arn).toBe('arn:aws:sns:us-east-1:000000000000:app/GCM/MyApplication');
    expect(sns(ctx, 'GetPlatformApplicationAttributes', { PlatformApplicationArn: arn })).toEqual({ Attributes: { Enabled: 'true' } });
    sns(ctx, 'SetPlatformApplicationAttributes', {
      PlatformApplicationArn: arn,
      Attributes: { EventDeliveryFailure: 'arn:aws:sns:us-east-1:000000000000:AnotherTopic', SuccessFeedbackSampleRate: '100' },
    });
    expect(sns(ctx, 'ListPlatformApplications')).toEqual({
      PlatformApplications: [
        {
          PlatformApplicationArn: arn,
          Attributes: { Enabled: 'true', EventDeliveryFailure: 'arn:aws:sns:us-east-1:000000000000:AnotherTopic', SuccessFeedbackSampleRate: '100' },
        },
      ],
    });
    sns(ctx, 'DeletePlatformApplication', { PlatformApplicationArn: arn });
    sns(ctx, 'DeletePlatformApplication', { PlatformApplicationArn: arn });
    expect(snsError(ctx, 'GetPlatformApplicationAttributes', { PlatformApplicationArn: arn }).message).toBe('PlatformApplication does not exist');
  });

  it('are checked as AWS checks them', () => {
    const { ctx } = env();
    const creds = { PlatformPrincipal: 'dummy', PlatformCredential: 'dummy' };
    const err = (Name: string, Platform: string, Attributes?: Record<string, string>): [string, string] => {
      const e = snsError(ctx, 'CreatePlatformApplication', { Name, Platform, Attributes });
      return [e.code, e.message];
    };
    expect(err('a'.repeat(257), 'ADM', creds)).toEqual(['InvalidParameter', `Invalid parameter: ${'a'.repeat(257)} Reason: must be at most 256 characters long`]);
    expect(err('', 'ADM', creds)).toEqual(['InvalidParameter', 'Invalid parameter:  Reason: cannot be empty']);
    expect(err('@name', 'ADM', creds)).toEqual([
      'InvalidParameter',
      "Invalid parameter: @name Reason: must contain only characters 'a'-'z', 'A'-'Z', '0'-'9', '_', '-', and '.'",
    ]);
    expect(err('app', 'AAA', creds)).toEqual(['InvalidParameter', 'Invalid parameter: Platform Reason: AAA is not supported']);
    expect(err('app', 'ADM', {})).toEqual(['ValidationError', "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be null"]);
    expect(err('app', 'ADM', { PlatformPrincipal: 'x' })).toEqual(['InvalidParameter', 'Invalid parameter: Attributes Reason: PlatformPrincipal attribute provided without PlatformCredential']);
    expect(err('app', 'ADM', { PlatformCredential: 'x' })).toEqual(['InvalidParameter', 'Invalid parameter: Attributes Reason: PlatformCredential attribute provided without PlatformPrincipal']);
    expect(snsError(ctx, 'GetPlatformApplicationAttributes', { PlatformApplicationArn: 'nope' }).message).toBe(
      'Invalid parameter: PlatformApplicationArn Reason: An ARN must have at least 6 elements, not 1',
    );
    expect(snsError(ctx, 'SetPlatformApplicationAttributes', { PlatformApplicationArn: 'arn:aws:sns:us-east-1:000000000000:app/GCM/x', Attributes: { a: 'b' } }).message).toBe(
      'PlatformApplication does not exist',
    );
    expect(sns(ctx, 'ListPlatformApplications')).toEqual({ PlatformApplications: [] });
  });
});

describe('platform endpoints', () => {
  it('are created idempotently, listed, changed, published to and deleted', () => {
    const { ctx } = env();
    const app = sns(ctx, 'CreatePlatformApplication', { Name: 'MyApplication', Platform: 'GCM', Attributes: { PlatformCredential: 'k' } })
      .PlatformApplicationArn as string;
    const { EndpointArn: arn } = sns<{ EndpointArn: string }>(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'EXAMPLE12345...' });
    expect(arn).toMatch(/^arn:aws:sns:us-east-1:000000000000:endpoint\/GCM\/MyApplication\/[0-9a-f-]{36}$/);
    expect(sns(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'EXAMPLE12345...' })).toEqual({ EndpointArn: arn });
    expect(snsError(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'EXAMPLE12345...', CustomUserData: 'other' }).message).toBe(
      `Invalid parameter: Token Reason: Endpoint ${arn} already exists with the same Token, but different attributes.`,
    );
    expect(sns(ctx, 'GetEndpointAttributes', { EndpointArn: arn })).toEqual({ Attributes: { Enabled: 'true', Token: 'EXAMPLE12345...' } });
    expect(sns(ctx, 'ListEndpointsByPlatformApplication', { PlatformApplicationArn: app })).toEqual({
      Endpoints: [{ EndpointArn: arn, Attributes: { Enabled: 'true', Token: 'EXAMPLE12345...' } }],
    });
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', {
      TargetArn: arn,
      Message: JSON.stringify({ GCM: '{"notification":{"title":"hi"}}' }),
      MessageStructure: 'json',
    });
    expect(listOutbox(ctx, { messageId: MessageId })[0]).toMatchObject({ Protocol: 'application', Endpoint: arn, Body: '{"notification":{"title":"hi"}}' });
    sns(ctx, 'SetEndpointAttributes', { EndpointArn: arn, Attributes: { Enabled: 'false' } });
    expect(sns<Attrs>(ctx, 'GetEndpointAttributes', { EndpointArn: arn }).Attributes).toEqual({ Enabled: 'false', Token: 'EXAMPLE12345...' });
    const disabled = snsError(ctx, 'Publish', { TargetArn: arn, Message: 'x' });
    expect([disabled.code, disabled.message]).toEqual(['EndpointDisabled', 'Endpoint is disabled']);
    sns(ctx, 'DeleteEndpoint', { EndpointArn: arn });
    sns(ctx, 'DeleteEndpoint', { EndpointArn: arn });
    expect(snsError(ctx, 'GetEndpointAttributes', { EndpointArn: arn }).message).toBe('Endpoint does not exist');
    expect(snsError(ctx, 'Publish', { TargetArn: arn, Message: 'x' }).message).toBe('Invalid parameter: TargetArn Reason: No endpoint found for the target arn specified');
  });

  it('checks attributes and ARNs as AWS does', () => {
    const { ctx } = env();
    const app = sns(ctx, 'CreatePlatformApplication', { Name: 'a', Platform: 'GCM', Attributes: { PlatformCredential: 'k' } }).PlatformApplicationArn;
    const err = (Attributes: Record<string, string>): string => snsError(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 't', Attributes }).message;
    expect(err({ InvalidKey: 'x' })).toBe('Invalid parameter: Attributes Reason: Invalid attribute name: InvalidKey');
    expect(err({ PlatformCredential: 'x' })).toBe('Invalid parameter: Attributes Reason: Invalid attribute name: PlatformCredential');
    expect(err({ CustomUserData: 'x'.repeat(2049) })).toBe(
      'Invalid parameter: Attributes Reason: Invalid value for attribute: CustomUserData: must be at most 2048 bytes long in UTF-8 encoding',
    );
    expect(snsError(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: 'arn:aws:sns:us-east-1:000000000000:app/GCM/none', Token: 't' }).message).toBe(
      'PlatformApplication does not exist',
    );
    expect(snsError(ctx, 'SetEndpointAttributes', { EndpointArn: 'arn:aws:sns:us-east-1:000000000000:endpoint/x', Attributes: { Enabled: 'true' } }).message).toBe(
      'Invalid parameter: EndpointArn Reason: Wrong number of slashes in relative portion of the ARN.',
    );
    expect(snsError(ctx, 'GetEndpointAttributes', { EndpointArn: 'arn:aws:sns:us-east-1:000000000000:endpoint/GCM/a/none' }).message).toBe('Endpoint does not exist');
  });

  it('receive topic notifications through application subscriptions', () => {
    const { ctx } = env();
    const app = sns(ctx, 'CreatePlatformApplication', { Name: 'a', Platform: 'APNS', Attributes: { PlatformPrincipal: 'p', PlatformCredential: 'c' } })
      .PlatformApplicationArn;
    const endpoint = sns(ctx, 'CreatePlatformEndpoint', { PlatformApplicationArn: app, Token: 'device' }).EndpointArn as string;
    const t = sns(ctx, 'CreateTopic', { Name: 'push' }).TopicArn;
    sns(ctx, 'Subscribe', { TopicArn: t, Protocol: 'application', Endpoint: endpoint });
    const { MessageId } = sns<{ MessageId: string }>(ctx, 'Publish', {
      TopicArn: t,
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'plain', APNS: '{"aps":{"alert":"for apple"}}' }),
    });
    expect(listOutbox(ctx, { messageId: MessageId })[0]).toMatchObject({ Protocol: 'application', Endpoint: endpoint, Body: '{"aps":{"alert":"for apple"}}', Status: 'recorded' });
  });
});
