/**
 * Fitting text into a terminal: names shortened in the middle, columns chosen by priority
 * until a row fits the width, sparklines and bars from numbers, and sections cut to a height.
 * Everything here measures plain text; colour is added after a cell is padded.
 */

/** Shortens text to width by replacing its middle with "…" (both ends stay recognisable). */
export function middle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= 1) return text.slice(0, Math.max(0, width));
  const head = Math.ceil((width - 1) / 2);
  const tail = width - 1 - head;
  return `${text.slice(0, head)}…${tail > 0 ? text.slice(-tail) : ''}`;
}

/** Cuts text to width, marking the cut with "…". */
export function cut(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 1 ? text.slice(0, Math.max(0, width)) : `${text.slice(0, width - 1)}…`;
}

export interface Column<Row> {
  title: string;
  /** 1 is never dropped; higher numbers are dropped first when the row is too wide */
  priority: number;
  align?: 'left' | 'right';
  /** the cell's plain text at a width (flexible columns get the width they are given) */
  cell(row: Row, width: number): string;
  /** paints a padded cell (colour); plain by default */
  paint?(text: string, row: Row): string;
  /** a flexible column: its narrowest and its comfortable width; fixed columns fit their widest cell */
  flex?: { min: number; comfortable: number; max: number };
}

const GAP = 2;

/**
 * Lays rows out in columns within width: widest first, then flexible columns down to their
 * comfortable width, then columns dropped by priority, then flexible columns down to their
 * minimum. Returns the lines (header first), none longer than width.
 */
export function table<Row>(columns: Column<Row>[], rows: Row[], width: number, header: (s: string) => string = (s) => s): string[] {
  const natural = (c: Column<Row>): number =>
    c.flex ? Math.min(c.flex.max, Math.max(c.title.length, ...rows.map((r) => c.cell(r, c.flex!.max).length))) : Math.max(c.title.length, ...rows.map((r) => c.cell(r, 99).length));
  let shown = columns.map((c) => ({ c, w: natural(c) }));
  const total = () => shown.reduce((a, s) => a + s.w, 0) + GAP * Math.max(0, shown.length - 1);
  const shrinkTo = (limit: (c: Column<Row>) => number) => {
    for (;;) {
      if (total() <= width) return;
      const widest = shown.filter((s) => s.c.flex && s.w > limit(s.c)).sort((a, b) => b.w - a.w)[0];
      if (!widest) return;
      widest.w--;
    }
  };
  shrinkTo((c) => c.flex!.comfortable);
  while (total() > width) {
    const droppable = shown.filter((s) => s.c.priority > 1).sort((a, b) => b.c.priority - a.c.priority)[0];
    if (!droppable) break;
    shown = shown.filter((s) => s !== droppable);
  }
  shrinkTo((c) => c.flex!.min);
  const pad = (text: string, w: number, align: 'left' | 'right' = 'left') => {
    const t = cut(text, w);
    return align === 'right' ? t.padStart(w) : t.padEnd(w);
  };
  const join = (cells: string[]) => cells.join(' '.repeat(GAP));
  const lines = [header(cut(join(shown.map((s) => pad(s.c.title, s.w, s.c.align))).trimEnd(), width))];
  for (const r of rows) {
    const cells = shown.map((s) => {
      const text = pad(s.c.cell(r, s.w), s.w, s.c.align);
      return s.c.paint && text.trim() ? s.c.paint(text, r) : text;
    });
    lines.push(joinPainted(cells, width));
  }
  return lines;
}

/** Joins painted cells, keeping the visible text within width (colour escapes do not count). */
function joinPainted(cells: string[], width: number): string {
  const line = cells.join(' '.repeat(GAP));
  return visibleLength(line) <= width ? line.replace(/\s+$/, '') : cutPainted(line, width);
}

const ESCAPE = /\x1b\[[0-9;]*m/g;
export const visibleLength = (s: string): number => [...s.replace(ESCAPE, '')].length;

/** Cuts a line with colour escapes to a visible width, closing any colour. */
export function cutPainted(line: string, width: number): string {
  let out = '';
  let seen = 0;
  for (const part of line.split(/(\x1b\[[0-9;]*m)/)) {
    if (part.startsWith('\x1b[')) {
      out += part;
      continue;
    }
    for (const ch of part) {
      if (seen >= width) return line.includes('\x1b[') ? `${out}\x1b[0m` : out;
      out += ch;
      seen++;
    }
  }
  return out;
}

const LEVELS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of the last `width` values (undefined: no sample then, shown as a blank), scaled
 * to the largest value shown; 0 is the lowest bar.
 */
export function sparkline(values: (number | undefined)[], width: number): string {
  const shown = values.slice(-width);
  const max = Math.max(1, ...shown.map((v) => v ?? 0));
  const line = shown.map((v) => (v === undefined ? ' ' : v === 0 ? LEVELS[0] : LEVELS[Math.max(1, Math.ceil((v / max) * (LEVELS.length - 1)))]!)).join('');
  return line.padStart(width);
}

/** A bar of n of max, in width cells (at least one cell when n > 0). */
export function bar(n: number, max: number, width: number): string {
  if (n <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((n / max) * width)));
}

/**
 * A shard's slice of the 128-bit hash key space as a track of width cells: '█' where the
 * slice lies, '·' elsewhere (a slice narrower than a cell still shows as one).
 */
export function keyRange(start: bigint, end: bigint, width: number): string {
  const space = 1n << 128n;
  const cell = (k: bigint) => Number((k * BigInt(width)) / space);
  const from = Math.min(width - 1, cell(start));
  const to = Math.min(width - 1, Math.max(from, cell(end)));
  return '·'.repeat(from) + '█'.repeat(to - from + 1) + '·'.repeat(width - 1 - to);
}

export interface Section {
  title: string;
  rows: string[];
  /** trimmed first when the screen is short: higher numbers first */
  trimOrder: number;
}

/**
 * Fits sections into height lines: a section whose rows do not fit keeps its first rows and
 * a line saying how many more there are; the longest sections (and, at equal length, those
 * trimmed first) give up rows first. Returns the lines.
 */
export function fitHeight(head: string[], sections: Section[], height: number, more: (n: number) => string): string[] {
  const kept = sections.map((s) => ({ s, n: s.rows.length }));
  const size = () => head.length + kept.reduce((a, k) => a + 1 + k.n + (k.n < k.s.rows.length ? 1 : 0), 0);
  while (size() > height) {
    const victim = kept
      .filter((k) => k.n > 0)
      .sort((a, b) => b.n - a.n || b.s.trimOrder - a.s.trimOrder)[0];
    if (!victim) break;
    // hiding one row costs a "more" line the first time: hide two then
    victim.n = Math.max(0, victim.n - (victim.n === victim.s.rows.length ? 2 : 1));
  }
  const lines = [...head];
  for (const k of kept) {
    lines.push(k.s.title);
    lines.push(...k.s.rows.slice(0, k.n));
    if (k.n < k.s.rows.length) lines.push(more(k.s.rows.length - k.n));
  }
  return lines.slice(0, Math.max(0, height));
}
