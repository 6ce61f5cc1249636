/**
 * Table output, as awscli/formatter.py (TableFormatter) and awscli/table.py (MultiTable)
 * draw it: a title row with the operation's name, one section per nested structure or list
 * (indented one '|' per level), scalar members as sorted columns, a structure with a single
 * row shown as name/value pairs. Columns are scaled to the widest section; when that is wider
 * than the terminal, single-row sections are turned into name/value rows.
 *
 * Width: the CLI asks the terminal (TIOCGWINSZ on stdout) and falls back to 80 columns when
 * stdout is not a terminal (a pipe or a file). The caller passes the width; see format.ts.
 *
 * Colour (the CLI's --color on): values bright blue, the indentation bars dim yellow. The CLI
 * then writes through colorama with autoreset, so every write() it makes is followed by a
 * reset sequence; the writer below reproduces those writes so the bytes match.
 */
import { CliError } from '../../core/errors.js';
import { isObject, pyLen, pyRound, pyStr, pyTruthy, pyTypeName, sortedKeys, textWidth, type Json, type JsonObject } from './python.js';

const RESET = '\x1b[0m';

interface Styler {
  rowElement(text: string): string;
  indentChar(text: string): string;
}

const noStyle: Styler = { rowElement: (t) => t, indentChar: (t) => t };
const colorStyle: Styler = {
  rowElement: (t) => `\x1b[1m\x1b[34m${t}${RESET}`,
  indentChar: (t) => `\x1b[2m\x1b[33m${t}${RESET}`,
};

/** The stream the CLI writes to; with colour on each write() is followed by a reset. */
class Writer {
  private readonly parts: string[] = [];
  constructor(private readonly autoreset: boolean) {}
  write(text: string): void {
    this.parts.push(text);
    if (this.autoreset) this.parts.push(RESET);
  }
  toString(): string {
    return this.parts.join('');
  }
}

/** awscli.table.IndentedStream: bars on both sides of every line of a nested section. */
class IndentedWriter {
  constructor(private readonly inner: Writer, private readonly level: number, private readonly left: string, private readonly right: string) {}
  write(text: string): void {
    this.inner.write(this.left.repeat(this.level));
    if (text.endsWith('\n')) {
      this.inner.write(text.slice(0, -1));
      this.inner.write(this.right.repeat(this.level));
      this.inner.write('\n');
    } else {
      this.inner.write(text);
    }
  }
}

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | undefined;
  private maxWidths: number[] = [];

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === undefined) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: Json[]): void {
    if (this.numCols === undefined) this.numCols = row.length;
    if (row.length !== this.numCols) {
      throw new CliError('other', `Row should have ${this.numCols} elements, instead it has ${row.length}`);
    }
    const cells = row.map(pyStr);
    this.rows.push(cells);
    this.updateMaxWidths(cells);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) {
      this.maxWidths = row.map(textWidth);
    } else {
      row.forEach((el, i) => {
        this.maxWidths[i] = Math.max(textWidth(el), this.maxWidths[i] ?? 0);
      });
    }
  }

  /** Column widths scaled so that they add up to maxWidth (when given). */
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = [...scaled.keys()];
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i]! -= 1;
          offBy -= 1;
        } else {
          scaled[i]! += 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outerPadding: number): number {
    const border = 2;
    const total = this.columnWidths().reduce((sum, w) => sum + w + padding, 0) + border + 2 * outerPadding;
    return Math.max(textWidth(this.title) + border + 2 * outerPadding, total);
  }
}

const spaces = (n: number): string => (n > 0 ? ' '.repeat(n) : '');

function centerText(text: string, length: number, left: string, right: string, textLength: number): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const soFar = textWidth(left) + charStart + textLength;
  const rightSpaces = length - textWidth(right) - soFar;
  return left + spaces(charStart) + text + spaces(rightSpaces) + right;
}

function alignLeft(text: string, length: number, left: string, right: string, textLength: number): string {
  const leftPadding = 2;
  const computed = textLength + leftPadding + textWidth(left) + textWidth(right);
  const padding = length - computed >= 0 ? leftPadding : 0;
  const soFar = pyLen(left) + padding + textLength;
  return left + spaces(padding) + text + spaces(length - soFar - pyLen(right)) + right;
}

class MultiTable {
  private readonly sections: Section[] = [];
  private current: Section | undefined;

  constructor(private readonly terminalWidth: number, private readonly styler: Styler, private readonly autoreset: boolean) {}

  newSection(title: string, indentLevel = 0): void {
    this.current = new Section();
    this.sections.push(this.current);
    this.current.title = title;
    this.current.indentLevel = indentLevel;
  }

  private section(): Section {
    // The CLI's builder always opens a section first; a None title never reaches here.
    if (!this.current) throw new CliError('other', "'NoneType' object has no attribute 'add_row'");
    return this.current;
  }

  addRowHeader(headers: string[]): void {
    this.section().addHeader(headers);
  }

  addRow(row: Json[]): void {
    this.section().addRow(row);
  }

  render(): string {
    const out = new Writer(this.autoreset);
    let maxWidth = this.maxWidth();
    if (maxWidth > this.terminalWidth) {
      this.convertToVertical();
      maxWidth = this.maxWidth();
    }
    out.write(`${'-'.repeat(maxWidth)}\n`);
    for (const section of this.sections) this.renderSection(section, maxWidth, out);
    return out.toString();
  }

  private maxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, s.indentLevel)));
  }

  /** Single-row sections with headers become name/value rows. */
  private convertToVertical(): void {
    this.sections.forEach((section, i) => {
      if (section.rows.length === 1 && section.headers.length > 0) {
        const vertical = new Section();
        vertical.title = section.title;
        vertical.indentLevel = section.indentLevel;
        const row = section.rows[0]!;
        section.headers.forEach((header, j) => {
          if (j < row.length) vertical.addRow([header, row[j]!]);
        });
        this.sections[i] = vertical;
      }
    });
  }

  private renderSection(section: Section, maxWidth: number, out: Writer): void {
    const bar = this.styler.indentChar('|');
    const stream = new IndentedWriter(out, section.indentLevel, bar, bar);
    const width = maxWidth - section.indentLevel * 2;
    if (section.title) {
      stream.write(`${centerText(section.title, width, '|', '|', textWidth(section.title))}\n`);
      if (section.headers.length === 0 && section.rows.length === 0) stream.write(`+${'-'.repeat(Math.max(0, width - 2))}+\n`);
    }
    if (section.headers.length > 0) {
      const widths = section.columnWidths(4, width);
      let line = '';
      section.headers.forEach((header, i) => {
        if (i < widths.length) line += centerText(header, widths[i]!, i === 0 ? '|' : '', '|', textWidth(header));
      });
      stream.write(lineBreak(widths));
      stream.write(`${line}\n`);
    }
    if (section.rows.length > 0) {
      const widths = section.columnWidths(4, width);
      if (widths.length === 0) return;
      stream.write(lineBreak(widths));
      for (const row of section.rows) {
        let line = '';
        row.forEach((element, i) => {
          if (i < widths.length) {
            line += alignLeft(this.styler.rowElement(element), widths[i]!, i === 0 ? '|' : '', '|', textWidth(element));
          }
        });
        stream.write(`${line}\n`);
      }
      stream.write(lineBreak(widths));
    }
  }
}

function lineBreak(widths: number[]): string {
  return `${widths.map((w, i) => (i === 0 ? `+${'-'.repeat(Math.max(0, w - 2))}+` : `${'-'.repeat(Math.max(0, w - 1))}+`)).join('')}\n`;
}

const isScalar = (v: Json): boolean => !Array.isArray(v) && !isObject(v);

/** Scalar member names and the others, each sorted. */
function groupScalarKeys(current: JsonObject): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [key, value] of Object.entries(current)) (isScalar(value) ? headers : more).push(key);
  return [sortedKeys(headers), sortedKeys(more)];
}

class TableBuilder {
  constructor(private readonly table: MultiTable) {}

  build(title: string | undefined, current: Json, indentLevel = 0): boolean {
    if (!pyTruthy(current)) return false;
    if (title !== undefined) this.table.newSection(title, indentLevel);
    if (Array.isArray(current)) {
      if (isObject(current[0])) {
        this.subTableFromList(current, indentLevel, title);
      } else {
        for (const item of current) {
          if (isScalar(item)) this.table.addRow([item]);
          else if (iterate(item).every(isScalar)) this.table.addRow(iterate(item));
          else this.build(undefined, item);
        }
      }
    }
    if (isObject(current)) this.subTableFromDict(current as JsonObject, indentLevel);
    return true;
  }

  private subTableFromDict(current: JsonObject, indentLevel: number): void {
    const [headers, more] = groupScalarKeys(current);
    if (headers.length === 1) {
      this.table.addRow([headers[0]!, current[headers[0]!]!]);
    } else if (headers.length > 0) {
      this.table.addRowHeader(headers);
      this.table.addRow(headers.map((k) => current[k]!));
    }
    for (const key of more) this.build(key, current[key]!, indentLevel + 1);
  }

  private subTableFromList(current: Json[], indentLevel: number, title: string | undefined): void {
    const headerSet = new Set<string>();
    const moreSet = new Set<string>();
    for (const item of current) {
      if (!isObject(item)) throw new CliError('other', `'${pyTypeName(item)}' object has no attribute 'items'`);
      const [h, m] = groupScalarKeys(item as JsonObject);
      h.forEach((k) => headerSet.add(k));
      m.forEach((k) => moreSet.add(k));
    }
    const headers = sortedKeys(headerSet);
    const more = sortedKeys(moreSet);
    this.table.addRowHeader(headers);
    current.forEach((item, i) => {
      const element = item as JsonObject;
      if (i > 0 && more.length > 0) {
        // The CLI opens a fresh section (same title) for each further element with nested data.
        this.table.newSection(title ?? '', indentLevel);
        this.table.addRowHeader(headers);
      }
      this.table.addRow(headers.map((h) => (h in element ? element[h]! : '')));
      for (const key of more) if (key in element) this.build(key, element[key]!, indentLevel + 1);
    });
  }
}

/** Python iterates a dict by its keys; the table builder relies on that for odd lists. */
function iterate(value: Json): Json[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.keys(value);
  return [];
}

export function formatTable(data: Json, title: string, opts: { terminalWidth: number; color: boolean }): string {
  const table = new MultiTable(opts.terminalWidth, opts.color ? colorStyle : noStyle, opts.color);
  if (!new TableBuilder(table).build(title, data)) return '';
  return table.render();
}
