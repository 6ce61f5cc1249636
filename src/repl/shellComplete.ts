/**
 * Completion for login shells: the line they pass (program name first, up to the cursor)
 * read with the shell's own quoting rules, and the candidates shaped for each shell.
 */
import { completeWords, type CompletionContext } from './complete.js';
import { scan } from './split.js';

/** bash's COMP_WORDBREAKS when the user has not changed it. */
const BASH_WORDBREAKS = `"'><=;|&(:`;

export async function completeForShell(shell: string, line: string, cc: CompletionContext): Promise<string[]> {
  const s = scan(line);
  if (s.inComment) return [];
  const words = s.words.slice(1); // the program, however it was typed
  const values = await completeWords(words, s.current, cc);
  if (shell !== 'bash') return values;
  // bash replaces only the part of the word after its last word-break character (':' in an
  // ARN or URL, '=' in shorthand), so each candidate loses what comes before it.
  const raw = line.slice(s.currentStart);
  if (raw !== s.current) return values; // quoted or escaped: leave the candidates whole
  const breaks = cc.env.AWSMSG_COMP_WORDBREAKS ?? BASH_WORDBREAKS;
  let cut = -1;
  for (let i = 0; i < raw.length; i++) if (breaks.includes(raw[i]!)) cut = i;
  return cut < 0 ? values : values.map((v) => v.slice(cut + 1));
}
