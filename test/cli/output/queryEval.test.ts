/**
 * --query evaluation against a table made by jmespath.py (the AWS CLI's query engine) and the
 * CLI's own json and text formatters: fixtures/output/query-eval.json, written by
 * fixtures/output/make_query_eval.py. Each case is an expression over named input data with
 * what the CLI prints for the result, or the error it reports (exit 255) while searching or
 * printing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/core/errors.js';
import { formatOutput, type OutputFormat } from '../../../src/cli/output/format.js';
import { applyQuery } from '../../../src/cli/output/query.js';

interface Case {
  data: string;
  expression: string;
  error?: string;
  json?: string;
  jsonError?: string;
  text?: string;
  textError?: string;
}

const file = fileURLToPath(new URL('../../../fixtures/output/query-eval.json', import.meta.url));
const table = JSON.parse(readFileSync(file, 'utf8')) as { data: Record<string, unknown>; cases: Case[] };

/** What the CLI does: the error it prints (kind 'other': exit 255), or the printed text. */
function outcome(run: () => string): { printed: string } | { error: string; kind: string } {
  try {
    return { printed: run() };
  } catch (e) {
    if (!(e instanceof CliError)) throw e; // a JavaScript error would be a bug, not an answer
    return { error: e.message, kind: e.kind };
  }
}

describe('--query evaluates as jmespath.py does (fixtures/output/query-eval.json)', () => {
  it('has the cases the table promises', () => {
    expect(table.cases.length).toBeGreaterThan(200);
  });

  for (const c of table.cases) {
    it(`${c.expression} on ${c.data}`, () => {
      // each search gets its own copy, as a command gets its own response
      const data = () => structuredClone(table.data[c.data]);
      if (c.error !== undefined) {
        expect(outcome(() => JSON.stringify(applyQuery(data(), c.expression)))).toEqual({ error: c.error, kind: 'other' });
        return;
      }
      for (const output of ['json', 'text'] as OutputFormat[]) {
        const printed = c[output as 'json' | 'text'];
        const error = c[`${output}Error` as 'jsonError' | 'textError'];
        const got = outcome(() => formatOutput(applyQuery(data(), c.expression), { output, operationName: 'Op' }));
        expect(got, output).toEqual(error !== undefined ? { error, kind: 'other' } : { printed });
      }
    });
  }
});
