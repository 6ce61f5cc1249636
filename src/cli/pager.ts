/**
 * Help pages go through a pager on a terminal, as the AWS CLI v2 shows them. Which pager:
 *
 *   --no-cli-pager              none
 *   AWS_PAGER (set)             that command; empty means none
 *   the profile's cli_pager     that command; empty means none
 *   PAGER (set)                 that command; empty means none
 *   otherwise                   less -R
 *
 * This is the AWS CLI v2's chain for paging output (AWS_PAGER, cli_pager, PAGER, with
 * --no-cli-pager or an empty value turning it off); the CLI's help renderer uses PAGER and
 * `less -R` too. Help is paged only when standard output is a terminal: piped or redirected,
 * it is printed as it is. Command output is never paged.
 */
import { spawn } from 'node:child_process';
import type { Io } from './io.js';

export const DEFAULT_PAGER = 'less -R';

export interface PagerChoice {
  noCliPager: boolean;
  env: NodeJS.ProcessEnv;
  /** the profile's cli_pager, when it sets one */
  cliPager?: string;
}

/** The pager command to use, or undefined for none. */
export function choosePager(c: PagerChoice): string | undefined {
  if (c.noCliPager) return undefined;
  const chain = [c.env.AWS_PAGER, c.cliPager, c.env.PAGER];
  const chosen = chain.find((v) => v !== undefined) ?? DEFAULT_PAGER;
  return chosen.trim() === '' ? undefined : chosen;
}

/**
 * Shows text through the pager when there is one and stdout is a terminal, else writes it.
 * The pager is run by /bin/sh (so AWS_PAGER='less -S' and pipelines work) with the terminal
 * as its output; a pager that cannot be started (status 127) leaves the text printed directly.
 */
export async function showPaged(text: string, io: Io, pager: string | undefined): Promise<void> {
  if (!pager || !io.stdoutIsTTY) {
    io.out(text);
    return;
  }
  const status = await new Promise<number>((resolve) => {
    const child = spawn('/bin/sh', ['-c', pager], { stdio: ['pipe', 'inherit', 'inherit'], env: io.env });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code ?? 0));
    // The pager may quit before reading everything (q in less): that is not an error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
  });
  if (status === 127) io.out(text);
}
