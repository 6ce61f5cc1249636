/**
 * What a lesson is made of. A lesson is data: steps that say what is about to happen, the
 * command (in shell syntax, as the user would type it, with $NAMES for values saved from
 * earlier output), and what to notice in the result. Each step checks that the result is
 * what its text claims, so a lesson that no longer tells the truth fails in CI.
 *
 * Everything a lesson shows after a `$` can be pasted into a shell and run as shown: commands
 * run exactly as displayed (in the lesson's folder, on its state file), values are kept in
 * shell variables by lines the lesson shows (`QUEUE_URL=https://...`), the files a command
 * reads are written in the lesson's folder first, and what appears under a command is its
 * output. Anything else a lesson prints about results is a summary, marked as one.
 */

/** An AWS response as lessons read it: any shape, looked into freely. */
export type Json = any;

/** One command run by a lesson: what it printed and, when it printed JSON, the parsed value. */
export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  /** the parsed standard output; undefined when it was empty or not JSON */
  json: Json;
}

/** Lesson variables: $NAME in commands (shell variables of the same name for the reader). */
export type Vars = Record<string, string>;

/** A check on a result: true when it is as the lesson says, else what went differently. */
export type Check = (r: RunResult, vars: Vars) => true | string;

export interface CommandStep {
  /** what is about to happen and why, in a sentence or two */
  say: string;
  /** the command without the program name, in shell syntax; $NAMES are lesson variables */
  run: string;
  /** files to write in the lesson's folder before running (name -> content), shown to the reader */
  files?: Record<string, (vars: Vars) => string>;
  /** values to keep from the JSON output, as lesson variables (shown as `NAME=value` lines) */
  save?: Record<string, (json: Json, vars: Vars) => unknown>;
  /** the command is meant to fail (an error is the point of the step) */
  fails?: boolean;
  check?: Check;
  /** what to look at in the output */
  notice?: string | ((r: RunResult, vars: Vars) => string);
  /** show at most this many lines of the output (the rest is counted, not shown) */
  lines?: number;
}

/** Things a code step can do: show and run commands, keep values, write files, sum up. */
export interface LessonApi {
  readonly vars: Vars;
  /** the lesson's folder: its files (and its state file, unless --db said otherwise) */
  readonly dir: string;
  /** shows a command (without the program name) and runs it as shown, printing its output */
  show(command: string, opts?: { lines?: number }): Promise<RunResult>;
  /** runs a command without showing it: for repetitions the lesson then sums up */
  run(command: string): Promise<RunResult>;
  /** shows and runs `NAME=$(awsmsg <command>)`: the variable gets the command's output */
  capture(name: string, command: string): Promise<string>;
  /** shows and runs `NAME=value` */
  assign(name: string, value: string): Promise<void>;
  /** writes a file in the lesson's folder and shows its first lines; returns its path */
  writeFile(name: string, content: string, opts?: { lines?: number }): string;
  /** writes a file in the lesson's folder without showing it (one of many, summed up) */
  writeQuietly(name: string, content: string): string;
  /** a summary of results (the lesson's own words about what commands did), marked as such */
  summary(text: string): void;
  /** a `# comment` line, harmless when pasted */
  comment(text: string): void;
  /** what a started process printed (its real output), under `# <label>:` saying whose */
  printed(label: string, text: string): void;
  /** stops the lesson: its text no longer matches what happened */
  fail(message: string): never;
  /**
   * Shows `awsmsg <command>` and starts it as a process of its own, as if in another terminal
   * (the lesson's state file and folder, the lesson's variables set). It is stopped at the end
   * of the lesson at the latest.
   */
  start(name: string, command: string): Background;
  /** a process started earlier, by its name */
  started(name: string): Background;
  /**
   * Checks again and again until check() is true; fails the lesson after the deadline, with
   * what explain() says about the state it was left in.
   */
  until(what: string, check: () => Promise<boolean>, opts?: { timeoutMs?: number; explain?: () => Promise<string> }): Promise<void>;
}

/** A process a lesson started. */
export interface Background {
  readonly name: string;
  /** what it wrote on stdout and stderr so far */
  output(): string;
  /** stops it (SIGINT: a clean stop, as Ctrl-C; SIGKILL: a crash) and waits for it to end */
  stop(signal: 'SIGINT' | 'SIGKILL'): Promise<number | null>;
  /** waits for it to end by itself; its exit status */
  exited(): Promise<number | null>;
}

/** A step that does more than one command (a loop, two consumers at once). */
export interface CodeStep {
  say: string;
  act(api: LessonApi): Promise<void>;
  notice?: string | ((vars: Vars) => string);
}

export type Step = CommandStep | CodeStep;

export interface Lesson {
  name: string;
  title: string;
  /** what the lesson is about, shown first */
  intro: string;
  steps: Step[];
  /** what to take away, shown last */
  outro: string;
}

export const isCodeStep = (s: Step): s is CodeStep => 'act' in s;
