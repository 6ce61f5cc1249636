import type { ServiceModel } from '../model/types.js';
import type { CommandEnv } from './run.js';
import { shapeOutput } from './output/shape.js';
import { formatJson } from './output/json.js';
import { toCliData } from './output/values.js';

/** Whether to colour output: --color, then NO_COLOR / FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(flag: string | undefined, env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (flag === 'on') return true;
  if (flag === 'off') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/**
 * Prints a result with the user's --output and --query, as the AWS CLI prints a response.
 * Plain JSON, the common case, needs only the JSON writer; every other format, colour and
 * --query load their modules when used.
 */
export async function printResult(
  data: unknown,
  operationName: string,
  env: CommandEnv,
  shape?: { model: ServiceModel; shapeName: string | undefined },
  format?: (value: unknown) => string,
): Promise<void> {
  let value = shape ? shapeOutput(data, shape.shapeName, shape.model) : data;
  // compiled with the global options, before the command ran (src/cli/run.ts)
  if (env.query) value = env.query.search(value);
  if (format) {
    env.io.out(format(value));
    return;
  }
  const output = env.config().output;
  const color = useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY);
  if (output === 'json' && !color) {
    env.io.out(formatJson(toCliData(value)));
    return;
  }
  const { formatOutput } = await import('./output/format.js');
  const terminalWidth = env.io.stdoutIsTTY && env.io.columns ? env.io.columns : undefined;
  env.io.out(formatOutput(value, { output, operationName, color, terminalWidth }));
}
