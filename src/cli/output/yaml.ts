/**
 * YAML output as AWS CLI v2 writes it: ruamel.yaml's safe dumper (keys sorted, block style,
 * YAML 1.2 resolution deciding which strings need quotes) with libyaml's C emitter (indent 2,
 * lines folded at spaces once past column 80, single quotes unless a character forces double
 * quotes). A bare scalar is printed as one line of JSON instead (the CLI's YAMLDumper does this
 * to avoid YAML's document-end marker).
 *
 * The `yaml` npm package cannot be tuned to this: it folds lines before the width where
 * libyaml folds after it, and it quotes by a different analysis. So this is a small emitter
 * following libyaml's rules for the data the CLI prints (maps, lists, strings, numbers,
 * booleans, null); tests read its output back with the `yaml` package.
 */
import { CliError } from '../../core/errors.js';
import { isObject, pyFloatRepr, pyNumber, PyFloat, PyOpaque, sortedKeys, type Json, type JsonObject } from './python.js';
import { pyJsonDumps } from './json.js';

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

// YAML 1.2 implicit resolvers of ruamel.yaml's VersionedResolver, by first character, in order.
// A string matching one of these would read back as another type, so it cannot be plain.
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)\n?$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)\n?$/;
const MERGE = /^(?:<<)\n?$/;
const NULL = /^(?:~|null|Null|NULL|)\n?$/;
const TIMESTAMP = /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?$/;
const VALUE = /^(?:=)\n?$/;
const YAML_IND = /^(?:!|&|\*)\n?$/;

const RESOLVERS: [string, RegExp][] = [
  ['tTfF', BOOL], ['-+0123456789.', FLOAT], ['-+0123456789', INT], ['<', MERGE], ['~nN', NULL],
  ['0123456789', TIMESTAMP], ['=', VALUE], ['!&*', YAML_IND],
];

/** True when a plain string would read back as a string (ruamel's plain_implicit). */
function plainImplicit(value: string): boolean {
  if (value === '') return !NULL.test(value);
  const first = value[0]!;
  return !RESOLVERS.some(([chars, re]) => chars.includes(first) && re.test(value));
}

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlankz = (c: string | undefined): boolean => c === undefined || c === ' ' || c === '\t' || isBreak(c) || c === '\0';

function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar (allow_unicode on). */
function analyze(value: string): ScalarAnalysis {
  if (value === '') return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true };
  const chars = [...value];
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  let followedByWhitespace = isBlankz(chars[1]);
  chars.forEach((c, i) => {
    const last = i === chars.length - 1;
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if (',?[]{}'.includes(c)) flowIndicators = true;
      if (c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '#' && precededByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    if (!isPrintable(c)) special = true;
    if (isBreak(c)) lineBreaks = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    if (!last) followedByWhitespace = isBlankz(chars[i + 2]);
  });
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) flowPlain = blockPlain = single = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, flowPlainAllowed: flowPlain, blockPlainAllowed: blockPlain, singleQuotedAllowed: single };
}

/** A scalar as the representer hands it to the emitter. */
interface ScalarNode {
  text: string;
  plainImplicit: boolean;
  analysis: ScalarAnalysis;
}

function scalarNode(value: Json): ScalarNode {
  let text: string;
  let implicit = true;
  if (value === null) text = 'null';
  else if (value === true) text = 'true';
  else if (value === false) text = 'false';
  else if (typeof value === 'number' || value instanceof PyFloat) text = yamlNumber(value);
  else if (value instanceof PyOpaque) throw new CliError('other', `cannot represent an object: ${value.str()}`); // ruamel's RepresenterError
  else {
    text = value as string;
    implicit = plainImplicit(text);
  }
  return { text, plainImplicit: implicit, analysis: analyze(text) };
}

function yamlNumber(n: number | PyFloat): string {
  if (n instanceof PyFloat) return pyFloatRepr(n.value).toLowerCase();
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  return pyNumber(n).toLowerCase();
}

type Style = 'plain' | 'single' | 'double';

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  // context of the node being emitted
  private mappingContext = false;
  private simpleKeyContext = false;

  document(root: Json): string {
    this.node(root, false, false);
    this.writeIndent();
    return this.out.join('');
  }

  private put(s: string): void {
    this.out.push(s);
    this.column += [...s].length;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(indicator);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private node(value: Json, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (Array.isArray(value)) {
      if (value.length === 0 || this.flowLevel > 0) this.emptyFlow('[', ']');
      else this.blockSequence(value);
    } else if (isObject(value)) {
      const keys = sortedKeys(Object.keys(value));
      if (keys.length === 0 || this.flowLevel > 0) this.emptyFlow('{', '}');
      else this.blockMapping(value as JsonObject, keys);
    } else {
      this.scalar(scalarNode(value));
    }
  }

  private emptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private blockSequence(items: Json[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private blockMapping(map: JsonObject, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const key of keys) {
      this.writeIndent();
      const keyNode = scalarNode(key);
      if (isSimpleKey(keyNode)) {
        this.mappingContext = true;
        this.simpleKeyContext = true;
        this.scalar(keyNode);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.mappingContext = true;
        this.simpleKeyContext = false;
        this.scalar(keyNode);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(map[key]!, true, false);
    }
    this.popIndent();
  }

  private scalar(node: ScalarNode): void {
    const style = this.selectStyle(node);
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === 'plain') this.writePlain(node.text, allowBreaks);
    else if (style === 'single') this.writeSingle(node.text, allowBreaks);
    else this.writeDouble(node.text, allowBreaks);
    this.popIndent();
  }

  private selectStyle(node: ScalarNode): Style {
    const a = node.analysis;
    let style: Style = 'plain';
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single';
      if (node.text.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
      if (!node.plainImplicit) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    return style;
  }

  private writeBreakChar(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.out.push(c);
      this.column = 0;
    }
  }

  private writePlain(text: string, allowBreaks: boolean): void {
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    if (!this.whitespace && (chars.length > 0 || this.flowLevel > 0)) this.put(' ');
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreakChar(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingle(text: string, allowBreaks: boolean): void {
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    this.writeIndicator("'", true, false, false);
    chars.forEach((c, i) => {
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1 && chars[i + 1] !== ' ') {
          this.writeIndent();
        } else {
          this.put(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreakChar(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    if (breaks) this.writeIndent();
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDouble(text: string, allowBreaks: boolean): void {
    const chars = [...text];
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    chars.forEach((c, i) => {
      if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
        this.put(`\\${escape(c)}`);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(c);
        }
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }
}

const ESCAPES: Record<number, string> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escape(c: string): string {
  const cp = c.codePointAt(0)!;
  const named = ESCAPES[cp];
  if (named !== undefined) return named;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

/** libyaml's check_simple_key for a scalar key: one line, at most 128 bytes of UTF-8. */
function isSimpleKey(node: ScalarNode): boolean {
  return !node.analysis.multiline && Buffer.byteLength(node.text, 'utf8') <= 128;
}

const isJsonScalar = (v: Json): boolean => v === null || typeof v !== 'object' || v instanceof PyFloat;

/** The CLI's YAMLDumper.dump: scalars as one line of JSON, anything else as a YAML document. */
export function dumpYaml(value: Json): string {
  if (isJsonScalar(value)) return `${pyJsonDumps(value, false)}\n`;
  return new Emitter().document(value);
}

/** --output yaml: an empty response ({}) prints nothing. */
export function formatYaml(data: Json): string {
  if (isObject(data) && Object.keys(data).length === 0) return '';
  return dumpYaml(data);
}

/** --output yaml-stream for one response: a one-item list, so pages can follow as more items. */
export function formatYamlStream(data: Json): string {
  if (isObject(data) && Object.keys(data).length === 0) return '';
  return dumpYaml([data]);
}
