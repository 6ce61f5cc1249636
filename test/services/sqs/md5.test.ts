import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5Hex, md5OfAttributes } from '../../../src/services/sqs/md5.js';

// Known values: the first two were recorded from real SQS responses (LocalStack's AWS-validated
// snapshots); the rest are the published vectors of the aws-md5-of-message-attributes package.
const CASES: Array<[string, Parameters<typeof md5OfAttributes>[0], string]> = [
  ['one String attribute (AWS)', { MyAttribute: { DataType: 'String', StringValue: 'foobar' } }, 'adb59cd4678ea5a855436b949cd07ab6'],
  ['another String attribute (AWS)', { Foo: { DataType: 'String', StringValue: 'Bar' } }, 'ae7155c6026991b6d54b11589678bf9c'],
  ['String', { attribName1: { DataType: 'String', StringValue: 'attribValue 1' } }, '19e27d4e946b072f3f58da80d94fd778'],
  [
    'custom Number type',
    { customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' } },
    '9fe1b90bbd9965bdf77bac517c7d2495',
  ],
  ['Binary', { binaryAttribute: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') } }, '31a92b15d92f8db860eda32aceb656c3'],
  [
    'several, sorted by name',
    {
      attribName1: { DataType: 'String', StringValue: 'attribValue 1' },
      customNumberTypeAttrib: { DataType: 'Number.float', StringValue: '4563442423554324324264524243.32543234' },
      binaryAttribute: { DataType: 'Binary', BinaryValue: Buffer.from('Hello binary world!') },
    },
    'c932db14a896c663f83c260297d594ff',
  ],
];

describe('MD5 of message attributes', () => {
  it.each(CASES)('%s', (_name, attrs, expected) => {
    expect(md5OfAttributes(attrs)).toBe(expected);
  });

  it('is undefined when there are no attributes', () => {
    expect(md5OfAttributes(undefined)).toBeUndefined();
    expect(md5OfAttributes({})).toBeUndefined();
  });

  it('counts names, types and values in UTF-8 bytes, not characters', () => {
    // the encoding written out by hand: length-prefixed UTF-8 name and type, transport 1, value
    const prefixed = (text: string): Buffer => {
      const bytes = Buffer.from(text, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(bytes.length);
      return Buffer.concat([len, bytes]);
    };
    const bytes = Buffer.concat([prefixed('café'), prefixed('String.ünï'), Buffer.from([1]), prefixed('€ 5 — 🚚')]);
    expect(md5OfAttributes({ café: { DataType: 'String.ünï', StringValue: '€ 5 — 🚚' } })).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('does not depend on the order the attributes were given in', () => {
    const a = { b: { DataType: 'String', StringValue: '1' }, a: { DataType: 'Number', StringValue: '2' } };
    const b = { a: { DataType: 'Number', StringValue: '2' }, b: { DataType: 'String', StringValue: '1' } };
    expect(md5OfAttributes(a)).toBe(md5OfAttributes(b));
  });
});

describe('MD5 of the body', () => {
  it('is the MD5 of the UTF-8 bytes (values from AWS responses)', () => {
    expect(md5Hex('foobar')).toBe('3858f62230ac3c915f300c664312c63f');
    expect(md5Hex('message-1')).toBe('3d6b824fd8c1520e9a047d21fee6fb1f');
    expect(md5Hex('é')).toBe('66ddcd97cfdeabb2f6fb8a999b4bc76f'); // of the bytes C3 A9
  });
});
