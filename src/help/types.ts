/**
 * The help pages' text, kept as data apart from the renderer (src/cli/args/help.ts) and loaded
 * only when help is asked for: each service's pages are a bundle of their own.
 *
 * Text markup, kept small on purpose: paragraphs are separated by a blank line; a line that
 * starts with "- " is a bullet (printed as the AWS CLI prints them, "o "); a line that starts
 * with four spaces is printed as it is (a command or a JSON snippet). Everything else wraps.
 */

/** One example: a command as it is typed in bash, run for real when its output is recorded. */
export interface HelpExample {
  /** what the example does, as a heading ("To send a message to a queue") */
  title: string;
  /**
   * commands that make the state the example needs (a queue to send to, a received message's
   * receipt handle in $RH), run first in the same bash and shown under "Prepared with"
   */
  setup?: string[];
  /** the command; its standard output and error, recorded in examples/<service>.json, are shown under "Output" */
  command: string;
  /** what to notice in the output */
  note?: string;
  /** the command's exit status when it is not 0 (an example of an error, or of a command stopped with Ctrl-C) */
  exitStatus?: number;
  /**
   * for a command that runs until Ctrl-C (a consumer, a watcher): the text its output shows
   * once it has done what the example is about; the recording then stops it as Ctrl-C would
   */
  stopAfter?: string;
  /**
   * parts of the output that depend on how much real time passed (the clock is real time plus
   * an offset), as regular expressions: the check that the output is still what the page
   * shows masks them
   */
  varies?: string[];
}

/** The page of one AWS operation (or waiter), in awsmsg's own words. */
export interface OperationHelp {
  /** what the operation does and when to use it */
  description: string;
  /**
   * a sentence or more per input member: the member's name ("DelaySeconds") for a flag, and
   * "Member.Nested" for a member inside a structure, a list's entries or a map's values
   */
  options: Record<string, string>;
  /** the meaning of the output's top-level members (and "Member.Nested" inside them) */
  output?: Record<string, string>;
  examples: HelpExample[];
}

/** A service's pages: one per operation (by its API name), and one per waiter. */
export interface ServiceHelp {
  /** what the service is for, a paragraph or two for `awsmsg <service> help` */
  about: string;
  pages: Record<string, OperationHelp>;
  /** waiters by their API name (StreamExists); their options are the polled operation's */
  waiters?: Record<string, Pick<OperationHelp, 'description' | 'examples'>>;
}

/** An option of one of awsmsg's own commands that is not defined through commander. */
export interface OwnOptionDoc {
  /** as typed: "--topic-arn" */
  flag: string;
  /** the AWS CLI's type words: string, integer, map, ... */
  type: string;
  required?: boolean;
  text: string;
}

/** The page of one of awsmsg's own commands ("clock", "clock advance", "sns outbox"). */
export interface OwnCommandHelp {
  description: string;
  /**
   * a sentence or more per option and argument, keyed by the long flag ("--watch") or the
   * argument's name ("duration"): these are what the page says about the flags commander knows
   */
  options: Record<string, string>;
  /** for a command that parses its own flags (not through commander): its synopsis lines and options */
  synopsis?: string[];
  flags?: OwnOptionDoc[];
  /** the type shown for an option whose value is not a plain string ("--limit": "integer") */
  types?: Record<string, string>;
  /** the fields of what the command prints, when it prints a result */
  output?: Record<string, string>;
  examples: HelpExample[];
}

/** An example's recorded output, next to the command it came from (so an edited command shows none until re-recorded). */
export interface RecordedOutput {
  command: string;
  output: string;
}

/** examples/<service>.json: page key -> recorded outputs, one per example in order. */
export type RecordedOutputs = Record<string, RecordedOutput[]>;
