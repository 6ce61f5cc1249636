/**
 * What the AWS CLI v2 prints for a response (already shaped, and already queried when
 * --query was given), byte for byte, trailing newline included; '' where it prints nothing.
 *
 * Buffers and Dates are accepted anywhere and printed as the CLI prints blobs (base64) and
 * timestamps (ISO 8601 in the local time zone); see values.ts.
 *
 * Table width: the CLI sizes tables to the terminal (TIOCGWINSZ on stdout) and assumes 80
 * columns when stdout is not a terminal. awsmsg does the same: the command line passes
 * `terminalWidth: process.stdout.isTTY ? process.stdout.columns : 80`; 80 is the default here.
 *
 * Colour: table colour is the CLI's --color on (as written to a pipe, resets included); JSON
 * colour is awsmsg's own addition. Text and YAML are never coloured, as in the CLI.
 */
import { formatJson } from './json.js';
import { colorPalette } from './jsonColor.js';
import { formatTable } from './table.js';
import { formatText } from './text.js';
import { toCliData } from './values.js';
import { dumpYaml, formatYaml, formatYamlStream } from './yaml.js';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream' | 'off';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['json', 'text', 'table', 'yaml', 'yaml-stream', 'off'];

export interface FormatOptions {
  output: OutputFormat;
  /** the operation's name, e.g. "ReceiveMessage": the table's title */
  operationName: string;
  color?: boolean;
  /** columns available to a table; 80 (the CLI's assumption when stdout is not a terminal) */
  terminalWidth?: number;
}

export const DEFAULT_TERMINAL_WIDTH = 80;

export function formatOutput(data: unknown, opts: FormatOptions): string {
  const value = toCliData(data);
  switch (opts.output) {
    case 'json':
      return formatJson(value, opts.color ? colorPalette() : undefined);
    case 'text':
      return formatText(value);
    case 'table':
      return formatTable(value, opts.operationName, {
        terminalWidth: opts.terminalWidth ?? DEFAULT_TERMINAL_WIDTH,
        color: opts.color ?? false,
      });
    case 'yaml':
      return formatYaml(value);
    case 'yaml-stream':
      // one (non-paginated) response; pages of a paginated command: formatYamlStreamPage
      return formatYamlStream(value);
    case 'off':
      return '';
  }
}

/**
 * yaml-stream for one page of a paginated command (paginateRawPages, query applied): each page
 * is printed as a one-item list, an empty page included, as the CLI's StreamedYAMLFormatter does.
 */
export function formatYamlStreamPage(page: unknown): string {
  return dumpYaml([toCliData(page)]);
}
