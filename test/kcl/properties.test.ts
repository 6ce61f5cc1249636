import { describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalError } from '../../src/core/errors.js';
import { resolveConsume } from '../../src/kcl/options.js';
import { configFromProperties, parseProperties } from '../../src/kcl/properties.js';
import { FIXTURE_DIR, SAMPLE_PROPERTIES } from './helpers.js';

describe('Java properties syntax', () => {
  test('separators, comments, continuations and escapes', () => {
    const p = parseProperties(
      [
        '# comment',
        '! also a comment',
        '  executableName = node  processor.js  ',
        'streamName:trucks',
        'applicationName trucks-app',
        'long = one \\',
        '       two',
        'escaped\\ key = tab\\there \\u00e9',
        'empty =',
        '',
      ].join('\n'),
    );
    expect(Object.fromEntries(p)).toEqual({
      executableName: 'node  processor.js  ',
      streamName: 'trucks',
      applicationName: 'trucks-app',
      long: 'one two',
      'escaped key': 'tab\there é',
      empty: '',
    });
  });
});

describe('the KCL keys', () => {
  test('the fixture sample.properties maps to worker options; credentials and metrics keys are ignored', () => {
    const c = configFromProperties(parseProperties(readFileSync(SAMPLE_PROPERTIES, 'utf8')));
    expect(c.executableName).toBe('node processor.js');
    expect(c.regionName).toBe('us-east-1');
    expect(c.options).toEqual({
      streamName: 'kclsample',
      applicationName: 'kclsample',
      initialPositionInStream: 'TRIM_HORIZON',
      failoverTimeMillis: 10000,
      maxRecords: 100,
      idleTimeBetweenReadsInMillis: 200,
      parentShardPollIntervalMillis: 500,
      // polling settings are there, so the MultiLangDaemon's DEFAULT retrieval is polling
      retrievalMode: 'POLLING',
    });
    expect(c.ignored.sort()).toEqual(['AWSCredentialsProvider', 'processingLanguage']);
  });

  test('tableName names the lease table; initialPositionInStreamExtended means AT_TIMESTAMP, in epoch seconds', () => {
    const c = configFromProperties(
      parseProperties('tableName = leases\napplicationName = app\ninitialPositionInStreamExtended = 1700000000\ninitialPositionInStream = LATEST'),
    );
    expect(c.options.applicationName).toBe('leases');
    expect(c.options.initialPositionInStream).toBe('AT_TIMESTAMP');
    expect(c.options.initialPositionTimestamp).toEqual(new Date(1_700_000_000_000));
  });

  test('retrievalMode: DEFAULT is fan-out unless a polling setting is given, as in the MultiLangDaemon', () => {
    const mode = (text: string) => configFromProperties(parseProperties(text)).options.retrievalMode;
    expect(mode('streamName = s')).toBe('FANOUT');
    expect(mode('retrievalMode = default')).toBe('FANOUT');
    expect(mode('maxRecords = 100')).toBe('POLLING');
    expect(mode('retryGetRecordsInSeconds = 5')).toBe('POLLING');
    expect(mode('retrievalMode = FANOUT\nidleTimeBetweenReadsInMillis = 200')).toBe('FANOUT');
    expect(mode('retrievalMode = polling')).toBe('POLLING');
    const c = configFromProperties(parseProperties('consumerName = readers\nconsumerArn = arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/readers:1'));
    expect(c.options).toMatchObject({ consumerName: 'readers', consumerArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/readers:1' });
    expect(() => configFromProperties(parseProperties('retrievalMode = push'))).toThrow(
      "Unknown retrieval type 'push'. Available retrieval types: (FANOUT, POLLING, DEFAULT)",
    );
  });

  test('bad values are usage errors naming the key', () => {
    const bad = (text: string): LocalError => {
      try {
        configFromProperties(parseProperties(text));
      } catch (e) {
        if (e instanceof LocalError) return e;
        throw e;
      }
      throw new Error('expected an error');
    };
    expect(bad('maxRecords = 20000').message).toBe("Invalid value for maxRecords: '20000' (a whole number from 1 to 10000).");
    expect(bad('failoverTimeMillis = soon').message).toBe("Invalid value for failoverTimeMillis: 'soon' (a whole number at least 1).");
    expect(bad('initialPositionInStream = OLDEST').message).toBe(
      "Invalid value for initialPositionInStream: 'OLDEST' (TRIM_HORIZON, LATEST or AT_TIMESTAMP).",
    );
    expect(bad('initialPositionInStream = AT_TIMESTAMP').kind).toBe('invalid-input');
  });
});

describe('consume options', () => {
  test('flags override the properties file; --exec replaces executableName', () => {
    const r = resolveConsume({ properties: 'sample.properties', cwd: FIXTURE_DIR, streamName: 'other', exec: 'cat', workerId: 'w9' });
    expect(r.options).toMatchObject({ streamName: 'other', applicationName: 'kclsample', workerId: 'w9', processor: { kind: 'exec', command: 'cat' } });
    expect(r.regionName).toBe('us-east-1');
  });

  test('retrieval: polling flags make a DEFAULT file poll; --consumer-name wins over the file\'s consumerArn; tableName does not rename the consumer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsmsg-props-'));
    try {
      writeFileSync(
        join(dir, 'app.properties'),
        'executableName = node p.js\nstreamName = s\napplicationName = fleet\ntableName = fleet-leases\nconsumerArn = arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/old:1\n',
      );
      const base = { properties: 'app.properties', cwd: dir };
      expect(resolveConsume(base).options).toMatchObject({
        retrievalMode: 'FANOUT',
        applicationName: 'fleet-leases',
        consumerName: 'fleet',
        consumerArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/old:1',
      });
      expect(resolveConsume({ ...base, maxRecords: 50 }).options.retrievalMode).toBe('POLLING');
      expect(resolveConsume({ ...base, maxRecords: 50, retrievalMode: 'FANOUT' }).options.retrievalMode).toBe('FANOUT');
      const named = resolveConsume({ ...base, consumerName: 'readers' }).options;
      expect(named.consumerName).toBe('readers');
      expect(named.consumerArn).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without a properties file every essential must be a flag', () => {
    expect(() => resolveConsume({ cwd: '/', streamName: 's', applicationName: 'a' })).toThrow(
      'Give a record processor: --exec COMMAND, --multilang COMMAND, or --properties FILE with executableName.',
    );
    expect(() => resolveConsume({ cwd: '/', applicationName: 'a', exec: 'cat' })).toThrow(
      'Give the stream to consume: --stream-name, or streamName in the properties file.',
    );
    expect(() => resolveConsume({ cwd: '/', streamName: 's', exec: 'cat', multilang: 'node p.js' })).toThrow(/not both/);
    const r = resolveConsume({ cwd: '/', streamName: 's', applicationName: 'a', multilang: 'node p.js', initialPosition: 'TRIM_HORIZON' });
    expect(r.options).toMatchObject({ initialPositionInStream: 'TRIM_HORIZON', processor: { kind: 'multilang', command: 'node p.js', cwd: '/' } });
  });

  test('a missing properties file is reported with its path', () => {
    expect(() => resolveConsume({ cwd: '/nonexistent', properties: 'app.properties' })).toThrow(
      /^Unable to read the properties file \/nonexistent\/app.properties: /,
    );
  });
});
