import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCOUNT_ID } from '../../../src/core/context.js';
import { openStore } from '../../../src/store/db.js';
import { signingCertificate } from '../../../src/services/sns/index.js';
import { pemBody, rsaModulusBytes, stringToSign } from '../../../src/services/sns/signatures.js';
import { env, sns } from './helpers.js';
import { createQueue, queueMessages } from './queues.js';

describe('the signing certificate', () => {
  it('is a valid self-signed X.509 v3 certificate for a 2048-bit RSA key', () => {
    const { store } = env();
    const info = signingCertificate(store);
    const cert = new X509Certificate(info.pem);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.publicKey.asymmetricKeyType).toBe('rsa');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.subject).toContain('CN=sns.amazonaws.com');
    expect(cert.ca).toBe(false);
    expect(new Date(cert.validFrom).getTime()).toBeLessThanOrEqual(store.clock.now());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(store.clock.now() + 365 * 24 * 3600 * 1000);
    expect(info.fileName).toBe(`SimpleNotificationService-${createHash('md5').update(cert.raw).digest('hex')}.pem`);
    expect(info.fingerprint256).toBe(cert.fingerprint256);
  });

  it('is made once per state file and kept in it', () => {
    const a = env();
    const b = env();
    const first = signingCertificate(a.store).pem;
    const reopened = openStore(a.path);
    try {
      expect(signingCertificate(reopened).pem).toBe(first);
    } finally {
      reopened.close();
    }
    expect(signingCertificate(b.store).pem).not.toBe(first);
  });

  it('is accepted by openssl', () => {
    const e = env();
    const file = join(e.dir, 'cert.pem');
    writeFileSync(file, signingCertificate(e.store).pem);
    let text: string;
    try {
      text = execFileSync('openssl', ['x509', '-in', file, '-noout', '-text'], { encoding: 'utf8' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        console.log('openssl is not installed: the certificate was checked with node:crypto only');
        return;
      }
      throw err;
    }
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toContain('Public-Key: (2048 bit)');
    expect(execFileSync('openssl', ['verify', '-CAfile', file, file], { encoding: 'utf8' }).trim()).toBe(`${file}: OK`);
  });
});

describe('the string to sign', () => {
  it('is AWS’s documented one for notifications and confirmations', () => {
    expect(
      stringToSign({
        Type: 'Notification',
        MessageId: '4d4dc071-ddbf-465d-bba8-08f81c89da64',
        TopicArn: 'arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P',
        Subject: 'My subject',
        Message: 'My Test Message',
        Timestamp: '2019-01-31T04:37:04.321Z',
      }),
    ).toBe(
      'Message\nMy Test Message\nMessageId\n4d4dc071-ddbf-465d-bba8-08f81c89da64\nSubject\nMy subject\nTimestamp\n2019-01-31T04:37:04.321Z\nTopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P\nType\nNotification\n',
    );
    expect(
      stringToSign({
        Type: 'SubscriptionConfirmation',
        MessageId: '3d891288-136d-417f-bc05-901c108273ee',
        TopicArn: 'arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P',
        Message: 'My Test Message',
        Timestamp: '2019-01-31T19:25:13.719Z',
        Token: '233',
        SubscribeURL: 'https://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P&Token=233',
      }),
    ).toBe(
      'Message\nMy Test Message\nMessageId\n3d891288-136d-417f-bc05-901c108273ee\nSubscribeURL\nhttps://sns.us-east-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P&Token=233\nTimestamp\n2019-01-31T19:25:13.719Z\nToken\n233\nTopicArn\narn:aws:sns:us-east-2:123456789012:s4-MySNSTopic-1G1WEFCOXTC0P\nType\nSubscriptionConfirmation\n',
    );
  });
});

describe('envelope time', () => {
  it('comes from the state file clock', async () => {
    const e = env();
    const t = sns(e.ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    const q = await createQueue(e.ctx, 'q');
    sns(e.ctx, 'Subscribe', { TopicArn: t, Protocol: 'sqs', Endpoint: q });
    e.advance(3 * 24 * 3600 * 1000);
    const before = e.store.clock.now();
    sns(e.ctx, 'Publish', { TopicArn: t, Message: 'later' });
    const ts = Date.parse(JSON.parse((await queueMessages(e.ctx, q))[0]!.Body).Timestamp);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(e.store.clock.now());
  });

  it('uses the partition of the region in URLs', async () => {
    const e = env('cn-north-1');
    const ctx = { store: e.store, region: 'cn-north-1', accountId: DEFAULT_ACCOUNT_ID };
    const t = sns(ctx, 'CreateTopic', { Name: 't' }).TopicArn as string;
    expect(t).toBe('arn:aws-cn:sns:cn-north-1:000000000000:t');
  });
});

describe("the identity's certificate id and signature length, read without node:crypto", () => {
  it('are those node:crypto reads from the certificate and the key', () => {
    const { store } = env();
    const info = signingCertificate(store);
    const cert = new X509Certificate(info.pem);
    expect(pemBody(info.pem).equals(cert.raw)).toBe(true);
    expect(info.fileName).toBe(`SimpleNotificationService-${createHash('md5').update(cert.raw).digest('hex')}.pem`);
  });

  it('read the modulus of RSA keys of other sizes (its DER integer has a leading zero byte, which does not count)', () => {
    for (const bits of [1024, 2048, 3072, 4096]) {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      expect(rsaModulusBytes(pemBody(pem)), `${bits} bits`).toBe(bits / 8);
    }
  });

  it('refuse what is not an RSA key in PKCS #8 form', () => {
    expect(() => pemBody('no PEM here')).toThrow(/not a PEM/);
    expect(() => rsaModulusBytes(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toThrow(/truncated/);
    expect(() => rsaModulusBytes(Buffer.from([0x04, 0x00]))).toThrow(/tag 4/);
  });
});
