/**
 * What a lesson is made of. A lesson is data: steps that say what is about to happen, the
 * command (in shell syntax, as the user would type it, with $NAMES for values saved from
 * earlier output), and what to notice in the result. Each step checks that the result is
 * what its text claims, so a lesson that no longer tells the truth fails in CI.
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

/** Lesson variables: $NAME in commands. */
export type Vars = Record<string, string>;

/** A check on a result: true when it is as the lesson says, else what went differently. */
export type Check = (r: RunResult, vars: Vars) => true | string;

export interface CommandStep {
  /** what is about to happen and why, in a sentence or two */
  say: string;
  /** the command without the program name, in shell syntax; $NAMES are lesson variables */
  run: string;
  /** files to write in the lesson's directory before running (name -> content), shown to the reader */
  files?: Record<string, (vars: Vars) => string>;
  /** values to keep from the JSON output, as lesson variables */
  save?: Record<string, (json: Json, vars: Vars) => unknown>;
  /** the command is meant to fail (an error is the point of the step) */
  fails?: boolean;
  check?: Check;
  /** what to look at in the output */
  notice?: string | ((r: RunResult, vars: Vars) => string);
}

/** Things a code step can do: run commands without printing them, write files, print. */
export interface LessonApi {
  readonly vars: Vars;
  /** the lesson's own directory (temporary) */
  readonly dir: string;
  /** runs a command quietly (output kept, not printed) */
  run(command: string): Promise<RunResult>;
  /** runs a command and prints it with its output, as a command step does */
  show(command: string): Promise<RunResult>;
  /** writes a file in the lesson's directory; returns its path */
  writeFile(name: string, content: string): string;
  print(text: string): void;
  /** prints a command line as the reader would type it, without running it */
  echo(command: string): void;
  /** stops the lesson: its text no longer matches what happened */
  fail(message: string): never;
  /**
   * Starts `awsmsg <command>` as a process of its own, as if in another terminal (same state
   * file, working directory: the lesson's). It is stopped at the end of the lesson at the latest.
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
}

/** A step that does more than one command (a loop, two consumers at once) and prints a summary. */
export interface CodeStep {
  say: string;
  /** the commands it runs, as the reader would type them (shown before it runs) */
  shows: string[];
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
