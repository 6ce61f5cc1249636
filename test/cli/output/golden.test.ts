/**
 * Golden outputs made by the AWS CLI's own formatters (fixtures/output/generate.py); awsmsg's
 * formatters must print the same bytes for the same sample responses.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatOutput, type FormatOptions } from '../../../src/cli/output/format.js';

const dir = fileURLToPath(new URL('../../../fixtures/output/', import.meta.url));
const cases = JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { name: string; op: string; data: unknown }[];

const variants: Record<string, Omit<FormatOptions, 'operationName'>> = {
  json: { output: 'json' },
  text: { output: 'text' },
  table: { output: 'table' },
  'table-color': { output: 'table', color: true },
  'table-w40': { output: 'table', terminalWidth: 40 },
  'table-w120': { output: 'table', terminalWidth: 120 },
  'table-w200': { output: 'table', terminalWidth: 200 },
  yaml: { output: 'yaml' },
  'yaml-stream': { output: 'yaml-stream' },
};

function run(data: unknown, opts: FormatOptions): string {
  try {
    return formatOutput(data, opts);
  } catch (e) {
    return `ERROR: ${(e as Error).message}\n`;
  }
}

describe('golden output from the AWS CLI formatters', () => {
  it('has a golden file for every case and format', () => {
    expect(readdirSync(`${dir}golden`)).toHaveLength(cases.length * Object.keys(variants).length);
  });
  for (const c of cases) {
    describe(c.name, () => {
      for (const [variant, opts] of Object.entries(variants)) {
        it(variant, () => {
          const golden = readFileSync(`${dir}golden/${c.name}.${variant}`, 'utf8');
          const actual = run(c.data, { ...opts, operationName: c.op });
          if (golden.startsWith('ERROR: ')) {
            // The CLI fails on this data; awsmsg fails too, with the same message.
            expect(actual).toBe(golden.replace(/^ERROR: \w+: /, 'ERROR: '));
          } else {
            expect(actual).toBe(golden);
          }
        });
      }
    });
  }
});
