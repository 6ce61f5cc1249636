/** What one line of the shell (typed, or read from a script) asks for. */
import { splitLine, SplitError } from './split.js';
import { GLOBAL_OPTION_FLAGS } from '../cli/args/globals.js';

export type LineCommand = { kind: 'words'; words: string[] } | { kind: 'empty' } | { kind: 'error'; message: string };

/**
 * Splits a line as a shell would ($VARS from the environment), dropping a leading `aws` or
 * `awsmsg` so that lines copied from documentation or scripts run as they are.
 */
export function lineCommand(text: string, env: NodeJS.ProcessEnv): LineCommand {
  let words: string[];
  try {
    words = splitLine(text, { vars: (n) => env[n] });
  } catch (e) {
    if (e instanceof SplitError) return { kind: 'error', message: e.message };
    throw e;
  }
  if (words[0] === 'aws' || words[0] === 'awsmsg') words = words.slice(1);
  return words.length ? { kind: 'words', words } : { kind: 'empty' };
}

export type Builtin = { kind: 'exit'; status?: number } | { kind: 'nested' };

/** The shell's own words: `exit [status]`, `quit`, and `shell` (refused inside the shell). */
export function builtin(words: readonly string[]): Builtin | undefined {
  const [first, second] = words;
  if (first === 'exit' || first === 'quit') {
    const n = second !== undefined && /^\d+$/.test(second) ? Number(second) & 255 : undefined;
    return { kind: 'exit', status: n };
  }
  if (commandWord(words) === 'shell') return { kind: 'nested' };
  return undefined;
}

/** Global options that take no value; every other global option takes one. */
export const GLOBAL_SWITCHES: ReadonlySet<string> = new Set(['--debug', '--no-verify-ssl', '--no-paginate', '--no-sign-request', '--no-cli-pager', '--cli-auto-prompt', '--no-cli-auto-prompt', '--version', '--remote']);

/** The command word of a line: the first word that is neither a global option nor its value. */
function commandWord(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (GLOBAL_OPTION_FLAGS.includes(w)) {
      if (!GLOBAL_SWITCHES.has(w)) i++;
      continue;
    }
    if (!w.startsWith('-')) return w;
  }
  return undefined;
}
