/**
 * CBOR (RFC 8949) as AWS's Kinesis speaks it in `application/x-amz-cbor-1.1`, the Java SDK's
 * default: blobs are byte strings, timestamps are tag 1 holding *milliseconds* since the
 * epoch (not seconds, as RFC 8949 has it), in both directions. The decoder reads everything a
 * client may send — definite and indefinite lengths (Jackson writes indefinite maps),
 * half/single/double floats, tags — and the encoder writes definite lengths.
 */
import { isUtf8 } from 'node:buffer';
import type { ServiceModel } from '../../model/types.js';
import { serializationError, shapeOf } from '../wire.js';

/** A timestamp read from tag 1: the raw number, milliseconds in AWS's use. */
export class CborTimestamp {
  constructor(readonly value: number) {}
}

const BREAK = Symbol('break');

/** Decodes one CBOR item (the whole buffer); throws SerializationException on malformed input. */
export function decodeCbor(buf: Buffer): unknown {
  const reader = new Reader(buf);
  const value = reader.item();
  if (value === BREAK) throw serializationError('Unexpected CBOR break.');
  if (reader.pos !== buf.length) throw serializationError('Trailing bytes after the CBOR value.');
  return value;
}

class Reader {
  pos = 0;
  private depth = 0;

  constructor(private readonly buf: Buffer) {}

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw serializationError('Unexpected end of CBOR input.');
  }

  private byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** the argument of an initial byte: the value itself, or -1 for an indefinite length */
  private argument(info: number): number {
    if (info < 24) return info;
    switch (info) {
      case 24:
        return this.byte();
      case 25:
        this.need(2);
        this.pos += 2;
        return this.buf.readUInt16BE(this.pos - 2);
      case 26:
        this.need(4);
        this.pos += 4;
        return this.buf.readUInt32BE(this.pos - 4);
      case 27: {
        this.need(8);
        this.pos += 8;
        const big = this.buf.readBigUInt64BE(this.pos - 8);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw serializationError('CBOR integer too large.');
        return Number(big);
      }
      case 31:
        return -1;
      default:
        throw serializationError(`Malformed CBOR (additional information ${info}).`);
    }
  }

  item(): unknown {
    if (++this.depth > 64) throw serializationError('CBOR nested too deeply.');
    try {
      return this.readItem();
    } finally {
      this.depth--;
    }
  }

  private readItem(): unknown {
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (initial === 0xff) return BREAK;
    switch (major) {
      case 0:
        return this.definite(info);
      case 1:
        return -1 - this.definite(info);
      case 2:
        return this.bytes(2, info);
      case 3: {
        const text = this.bytes(3, info);
        // a text string is UTF-8 (RFC 8949 3.1): other bytes are malformed, not U+FFFD
        if (!isUtf8(text)) throw serializationError('Invalid UTF-8 in a CBOR text string.');
        return text.toString('utf8');
      }
      case 4: {
        const n = this.argument(info);
        const out: unknown[] = [];
        if (n < 0) {
          for (let v = this.item(); v !== BREAK; v = this.item()) out.push(v);
        } else {
          for (let i = 0; i < n; i++) out.push(this.definiteItem());
        }
        return out;
      }
      case 5: {
        const n = this.argument(info);
        const out: Record<string, unknown> = {};
        const put = (k: unknown, v: unknown): void => {
          if (typeof k !== 'string') throw serializationError('CBOR map keys must be text.');
          Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        };
        if (n < 0) {
          for (let k = this.item(); k !== BREAK; k = this.item()) put(k, this.definiteItem());
        } else {
          for (let i = 0; i < n; i++) put(this.definiteItem(), this.definiteItem());
        }
        return out;
      }
      case 6: {
        const tag = this.definite(info);
        const inner = this.definiteItem();
        if (tag === 1) {
          if (typeof inner !== 'number') throw serializationError('CBOR tag 1 must hold a number.');
          return new CborTimestamp(inner);
        }
        return inner;
      }
      default:
        return this.simple(info);
    }
  }

  private definite(info: number): number {
    const n = this.argument(info);
    if (n < 0) throw serializationError('Indefinite length where a number was expected.');
    return n;
  }

  private definiteItem(): unknown {
    const v = this.item();
    if (v === BREAK) throw serializationError('Unexpected CBOR break.');
    return v;
  }

  private bytes(major: 2 | 3, info: number): Buffer {
    const n = this.argument(info);
    if (n >= 0) {
      this.need(n);
      this.pos += n;
      return this.buf.subarray(this.pos - n, this.pos);
    }
    // an indefinite string: definite chunks of the same major type until break (RFC 8949 3.2.3)
    const chunks: Buffer[] = [];
    for (;;) {
      const initial = this.byte();
      if (initial === 0xff) return Buffer.concat(chunks);
      if (initial >> 5 !== major) throw serializationError('Malformed indefinite-length CBOR string.');
      const len = this.definite(initial & 0x1f);
      this.need(len);
      chunks.push(this.buf.subarray(this.pos, this.pos + len));
      this.pos += len;
    }
  }

  private simple(info: number): unknown {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return null;
      case 25: {
        this.need(2);
        const v = halfToNumber(this.buf.readUInt16BE(this.pos));
        this.pos += 2;
        return v;
      }
      case 26: {
        this.need(4);
        const v = this.buf.readFloatBE(this.pos);
        this.pos += 4;
        return v;
      }
      case 27: {
        this.need(8);
        const v = this.buf.readDoubleBE(this.pos);
        this.pos += 8;
        return v;
      }
      default:
        if (info < 24) return null; // unassigned simple values
        throw serializationError(`Malformed CBOR (simple value ${info}).`);
    }
  }
}

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Encodes a value: objects as maps, Buffers as byte strings, Dates as tag 1 with milliseconds. */
export function encodeCbor(value: unknown): Buffer {
  const w = new Writer();
  w.item(value);
  return w.done();
}

class Writer {
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private head(major: number, n: number): void {
    this.room(9);
    const m = major << 5;
    if (n < 24) this.buf[this.pos++] = m | n;
    else if (n < 0x100) {
      this.buf[this.pos++] = m | 24;
      this.buf[this.pos++] = n;
    } else if (n < 0x10000) {
      this.buf[this.pos++] = m | 25;
      this.pos = this.buf.writeUInt16BE(n, this.pos);
    } else if (n < 0x100000000) {
      this.buf[this.pos++] = m | 26;
      this.pos = this.buf.writeUInt32BE(n, this.pos);
    } else {
      this.buf[this.pos++] = m | 27;
      this.pos = this.buf.writeBigUInt64BE(BigInt(n), this.pos);
    }
  }

  private raw(b: Buffer): void {
    this.room(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  item(v: unknown): void {
    if (v === null || v === undefined) {
      this.room(1);
      this.buf[this.pos++] = 0xf6;
    } else if (typeof v === 'boolean') {
      this.room(1);
      this.buf[this.pos++] = v ? 0xf5 : 0xf4;
    } else if (typeof v === 'number') {
      if (Number.isSafeInteger(v)) {
        if (v >= 0) this.head(0, v);
        else this.head(1, -1 - v);
      } else {
        this.room(9);
        this.buf[this.pos++] = 0xfb;
        this.pos = this.buf.writeDoubleBE(v, this.pos);
      }
    } else if (typeof v === 'string') {
      const b = Buffer.from(v, 'utf8');
      this.head(3, b.length);
      this.raw(b);
    } else if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
      const b = Buffer.isBuffer(v) ? v : Buffer.from(v);
      this.head(2, b.length);
      this.raw(b);
    } else if (v instanceof Date) {
      this.head(6, 1);
      this.item(v.getTime());
    } else if (Array.isArray(v)) {
      this.head(4, v.length);
      for (const x of v) this.item(x);
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      this.head(5, entries.length);
      for (const [k, x] of entries) {
        this.item(k);
        this.item(x);
      }
    } else {
      throw new Error(`internal error: cannot encode ${typeof v} as CBOR`);
    }
  }

  done(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

type Json = Record<string, unknown>;

/** The operation's input from a CBOR body, typed by the model as the JSON decoder types JSON. */
export function decodeCborInput(model: ServiceModel, inputShape: string | undefined, body: Buffer): Json {
  if (body.length === 0 || !inputShape) return {};
  const value = decodeCbor(body);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) {
    throw serializationError('Start of structure or map found where not expected.');
  }
  return readValue(model, inputShape, value) as Json;
}

function readValue(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isMap(value)) return value;
      const out: Json = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
        const v = readValue(model, ref.shape, value[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => readValue(model, shape.member!.shape, v)) : value;
    case 'map': {
      if (!isMap(value)) return value;
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        Object.defineProperty(out, k, { value: readValue(model, shape.value!.shape, v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'timestamp':
      if (value instanceof CborTimestamp) return new Date(Math.round(value.value));
      // a bare number is epoch seconds, as in the JSON protocol
      if (typeof value === 'number') return new Date(Math.round(value * 1000));
      return value;
    default:
      return value instanceof CborTimestamp ? value.value : value;
  }
}

/** The response value, reduced to the model's members (Dates and Buffers as they are: the encoder tags them). */
export function cborOutputValue(model: ServiceModel, outputShape: string | undefined, value: unknown): unknown {
  if (!outputShape) return {};
  return pick(model, outputShape, value) ?? {};
}

function pick(model: ServiceModel, shapeName: string, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (!isMap(value)) return undefined;
      const out: Json = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = pick(model, ref.shape, value[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => pick(model, shape.member!.shape, v)) : undefined;
    case 'map': {
      if (!isMap(value)) return undefined;
      const out: Json = {};
      for (const [k, v] of Object.entries(value)) {
        const p = pick(model, shape.value!.shape, v);
        if (p !== undefined) Object.defineProperty(out, k, { value: p, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    default:
      return value;
  }
}

function isMap(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date) && !(v instanceof Uint8Array) && !(v instanceof CborTimestamp);
}
