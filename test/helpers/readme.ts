/**
 * The README's walk-throughs as data: every ```console block is a series of `$ command` lines
 * (continued with a trailing backslash), each followed by what it prints, grouped by section.
 * Used by test/readme.test.ts (on the local file), test/repl/readme-shell.test.ts (pasted into
 * awsmsg shell) and test/remote/readme.test.ts (against `awsmsg serve` and moto).
 */

export interface Step {
  command: string;
  expected: string;
}

export interface Section {
  title: string;
  steps: Step[];
}

/** The console blocks of the README, section by section. */
export function walkThroughs(markdown: string): Section[] {
  const sections: Section[] = [];
  let title = '';
  let inConsole = false;
  let current: Step | undefined;
  let continued = false;
  for (const line of markdown.split('\n')) {
    if (!inConsole) {
      if (line.startsWith('## ')) title = line.slice(3);
      if (line === '```console') {
        inConsole = true;
        if (sections.at(-1)?.title !== title) sections.push({ title, steps: [] });
      }
      continue;
    }
    if (line === '```') {
      inConsole = false;
      current = undefined;
      continue;
    }
    if (continued && current) {
      current.command += `\n${line}`;
      continued = line.endsWith('\\');
    } else if (line.startsWith('$ ')) {
      current = { command: line.slice(2), expected: '' };
      sections.at(-1)!.steps.push(current);
      continued = line.endsWith('\\');
    } else if (current) {
      current.expected += `${line}\n`;
    }
  }
  return sections;
}

/**
 * Masks what changes from run to run, keeping each value's length; a time becomes one token
 * whatever its length, as a time whose microseconds are 0 is printed without them (as Python
 * prints it, about one time in a thousand).
 */
export function masked(text: string): string {
  const keepLength = (ch: string) => (m: string) => ch.repeat(m.length);
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, keepLength('U'))
    .replace(/AQEB[A-Za-z0-9+/=]+/g, keepLength('H'))
    .replace(/\b\d{40,}\b/g, keepLength('N'))
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)/g, 'T')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trim();
}
