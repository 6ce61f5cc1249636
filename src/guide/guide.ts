/**
 * `awsmsg guide`: pick a service, an operation (each with a one-line description), then its
 * parameters with prompts fitted to their model types; see the equivalent one-line command;
 * run it through runCommand; see the result as a table; pick the next step. Ctrl-C backs out
 * one level (parameters -> operations -> services); at the top it leaves with status 130.
 */
import { existsSync } from 'node:fs';
import { Chalk, type ChalkInstance } from 'chalk';
import { EXIT } from '../cli/exit.js';
import type { CommandEvent, Io } from '../cli/io.js';
import { formatOutput } from '../cli/output/format.js';
import { useColor } from '../cli/print.js';
import { runCommand, type CommandEnv } from '../cli/run.js';
import type { Ctx } from '../core/context.js';
import { loadModel } from '../model/load.js';
import { SERVICE_NAMES, type CliArg, type ServiceModel, type ServiceName } from '../model/types.js';
import { hintPrinter, type HintInput } from '../repl/hints.js';
import { memberIdKinds } from '../repl/live.js';
import { joinWords } from '../repl/split.js';
import { resolveStatePath } from '../store/db.js';
import { askValue, typeHint, type AskContext, type PromptContext, type PromptsModule } from './ask.js';
import descriptions from './descriptions.json' with { type: 'json' };
import { nextSteps, type Outcome } from './next.js';

const SERVICE_BLURBS: Record<ServiceName, string> = {
  sqs: 'Amazon SQS: queues that hold messages until a consumer processes them',
  sns: 'Amazon SNS: topics that push each message to every subscriber',
  kinesis: 'Amazon Kinesis Data Streams: ordered, replayable streams of records in shards',
};

const DESCRIPTIONS = descriptions as Record<ServiceName, Record<string, string>>;
export const describeOperation = (service: ServiceName, op: string): string => DESCRIPTIONS[service][op] ?? '';

/** Ctrl-C in a prompt (inquirer's ExitPromptError), or the command's signal aborting one. */
const isCancel = (e: unknown): boolean => e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');

/** Values to skip an operation's prompts with (tests, or "next step" carrying a value on). */
export interface GuideOptions {
  baseArgs: string[];
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

type Step = { kind: 'quit' } | { kind: 'services' } | { kind: 'operations'; service: ServiceName } | { kind: 'operation'; service: ServiceName; op: string };

export async function runGuide(env: CommandEnv, opts: GuideOptions): Promise<number> {
  const prompts: PromptsModule = await import('@inquirer/prompts');
  const g = new Guide(env, prompts, opts);
  return g.run();
}

class Guide {
  private readonly c: ChalkInstance;
  private readonly remembered = new Map<string, string[]>();
  private readonly pc: PromptContext;

  constructor(
    private readonly env: CommandEnv,
    private readonly p: PromptsModule,
    private readonly opts: GuideOptions,
  ) {
    this.c = new Chalk({ level: useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY) ? 1 : 0 });
    this.pc = { input: opts.input, output: opts.output, signal: env.io.signal, clearPromptOnDone: false };
  }

  private out(t: string): void {
    this.env.io.out(t);
  }

  async run(): Promise<number> {
    this.out(`${this.c.bold('awsmsg guide')}: pick what to do; each step shows the command it runs. Ctrl-C goes back a step.\n`);
    let step: Step = { kind: 'services' };
    for (;;) {
      try {
        if (step.kind === 'quit') return EXIT.ok;
        if (step.kind === 'services') {
          const service = await this.pickService();
          if (!service) return EXIT.ok;
          step = { kind: 'operations', service };
        } else if (step.kind === 'operations') {
          step = { kind: 'operation', service: step.service, op: await this.pickOperation(step.service) };
        } else {
          step = await this.operation(step.service, step.op);
        }
      } catch (e) {
        if (!isCancel(e)) throw e;
        if (this.env.io.signal.aborted) return EXIT.interrupted;
        if (step.kind === 'services') {
          this.out('\n');
          return EXIT.interrupted;
        }
        step = step.kind === 'operation' ? { kind: 'operations', service: step.service } : { kind: 'services' };
        this.out(this.c.dim('(back)\n'));
      }
    }
  }

  private async pickService(): Promise<ServiceName | undefined> {
    const choice = await this.p.select(
      {
        message: 'Which service?',
        choices: [
          ...SERVICE_NAMES.map((s) => ({ name: s, value: s as string, description: SERVICE_BLURBS[s] })),
          { name: 'quit', value: '', description: 'leave the guide' },
        ],
      },
      this.pc,
    );
    return choice ? (choice as ServiceName) : undefined;
  }

  private async pickOperation(service: ServiceName): Promise<string> {
    const model = await loadModel(service);
    const ops = Object.entries(model.operations)
      .map(([name, op]) => ({ name, cli: op.cli, text: describeOperation(service, name) }))
      .sort((a, b) => a.cli.localeCompare(b.cli));
    const room = Math.max(20, (this.env.io.columns ?? 80) - 40);
    return this.p.search(
      {
        message: `Which ${service} operation? (type to filter)`,
        pageSize: 12,
        source: (term) => {
          const t = (term ?? '').toLowerCase();
          return ops
            .filter((o) => !t || o.cli.includes(t) || o.text.toLowerCase().includes(t))
            .sort((a, b) => Number(!a.cli.startsWith(t)) - Number(!b.cli.startsWith(t)))
            .map((o) => ({ name: `${o.cli.padEnd(34)} ${this.c.dim(clip(o.text, room))}`, value: o.name, short: o.cli, description: o.text }));
        },
      },
      this.pc,
    );
  }

  /** One operation: parameters, the command, running it, the result, the next step. */
  private async operation(service: ServiceName, opName: string): Promise<Step> {
    const model = await loadModel(service);
    const op = model.operations[opName]!;
    this.out(`${this.c.bold(op.cli)}: ${describeOperation(service, opName)}\n`);
    const params = await this.askParameters(model, opName);
    const words = commandWords(model, opName, params);
    this.out(`\n${this.c.dim('The command:')}\n  ${this.c.bold(joinWords(['awsmsg', ...words]))}\n\n`);
    const go = await this.p.confirm({ message: 'Run it?', default: true }, this.pc);
    if (!go) return { kind: 'operations', service };
    const result = await this.execute(words, opName);
    if (this.env.io.signal.aborted) throw Object.assign(new Error('interrupted'), { name: 'AbortPromptError' });
    if (result.ok) {
      this.rememberAnswers(service, opName, params);
      this.remember(result.value);
    }
    return this.next(service, opName, outcomeOf(opName, result));
  }

  private async askParameters(model: ServiceModel, opName: string): Promise<Map<CliArg, unknown>> {
    const op = model.operations[opName]!;
    const input = op.input ? model.shapes[op.input] : undefined;
    const ac: AskContext = {
      prompts: this.p,
      model,
      ctx: this.liveCtx(),
      remembered: this.remembered,
      hints: {},
      promptContext: this.pc,
      operation: opName,
    };
    const args = visibleArgs(op.args);
    const values = new Map<CliArg, unknown>();
    const ask = async (arg: CliArg) => {
      const shapeName = input?.members?.[arg.member]?.shape;
      if (!shapeName) return;
      const value = await askValue(ac, arg.member, shapeName, `--${arg.name}`);
      values.set(arg, value);
      if (typeof value === 'string') {
        if (arg.member === 'StreamName') ac.hints.streamName = value;
        if (arg.member === 'StreamARN') ac.hints.streamArn = value;
        if (arg.member === 'TopicArn') ac.hints.topicArn = value;
      }
    };
    for (const arg of args.filter((a) => a.required)) await ask(arg);
    for (;;) {
      const optional = args.filter((a) => !a.required && !values.has(a));
      if (optional.length === 0) break;
      const pick = await this.p.select(
        {
          message: values.size === 0 && !args.some((a) => a.required) ? 'Options (none are required)' : 'More options?',
          choices: [
            { name: 'no more: show the command', value: '' },
            ...optional.map((a) => {
              const shapeName = input?.members?.[a.member]?.shape;
              return { name: `--${a.name} (${shapeName ? typeHint(model, shapeName) : a.type})`, value: a.name };
            }),
          ],
          pageSize: 14,
        },
        this.pc,
      );
      if (!pick) break;
      await ask(optional.find((a) => a.name === pick)!);
    }
    return values;
  }

  /** A context for live pickers, when a state file exists (the guide never creates one just to look). */
  private liveCtx(): Ctx | undefined {
    let remote = false;
    try {
      remote = this.env.target() !== undefined;
    } catch {
      return undefined;
    }
    // a remote target's pickers list what the endpoint has
    if (!remote && !existsSync(resolveStatePath(this.env.globals.db, this.env.io.env))) return undefined;
    try {
      return this.env.ctx();
    } catch {
      return undefined;
    }
  }

  /** Runs the command through the command line (JSON kept for the next steps) and shows the result as a table. */
  private async execute(words: string[], opName: string): Promise<{ ok: boolean; value?: unknown }> {
    let stdout = '';
    const events: CommandEvent[] = [];
    const io: Io = { ...this.env.io, out: (t) => void (stdout += t), stdoutIsTTY: false, observe: (e) => events.push(e) };
    const status = await runCommand([...this.opts.baseArgs, ...words, '--output', 'json', '--color', 'off'], io, this.env.session);
    if (status !== 0) {
      this.out(this.c.red(`\nThe command failed (status ${status}).\n`));
      await this.hint({ argv: words, status, events, unset: [] });
      return { ok: false };
    }
    const value = stdout.trim() ? (JSON.parse(stdout) as unknown) : undefined;
    if (value === undefined) this.out(this.c.dim(opName === 'ReceiveMessage' ? 'No messages.\n' : 'Done: this operation returns nothing.\n'));
    else {
      const width = this.env.io.columns ?? 80;
      const color = useColor(this.env.globals.color, this.env.io.env, this.env.io.stdoutIsTTY);
      this.out(formatOutput(value, { output: 'table', operationName: opName, terminalWidth: width, color }));
    }
    await this.hint({ argv: words, status, events, unset: [] });
    this.out('\n');
    return { ok: true, value };
  }

  /** A hint for learners after a puzzling error or an empty answer, dimmed, on standard error. */
  private hint(ran: HintInput): Promise<void> {
    const color = useColor(this.env.globals.color, this.env.io.env, Boolean(process.stderr.isTTY));
    return hintPrinter(color)(ran, this.env.io);
  }

  /** Remembers identifiers a result names, for later pickers (QueueUrl, ReceiptHandle, ...), in the result's order. */
  private remember(value: unknown): void {
    const found = new Map<string, string[]>();
    const walk = (v: unknown, key?: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, key));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
      else if (key && typeof v === 'string') {
        const member = key === 'NextShardIterator' ? 'ShardIterator' : key;
        found.set(member, [...(found.get(member) ?? []), v]);
      }
    };
    walk(value);
    for (const [member, values] of found) this.keep(member, values);
  }

  /**
   * Remembers the identifiers the answers named (the queue just sent to, the stream just
   * read), so that the next operation offers them first; forgets what the operation used up.
   */
  private rememberAnswers(service: ServiceName, opName: string, params: Map<CliArg, unknown>): void {
    for (const [arg, value] of params) {
      if (typeof value !== 'string') continue;
      if (USED_UP[opName] === arg.member) {
        this.remembered.set(arg.member, (this.remembered.get(arg.member) ?? []).filter((x) => x !== value));
      } else if (memberIdKinds(service, arg.member).length > 0) this.keep(arg.member, [value]);
    }
  }

  /** Puts values first in a member's remembered list (newest first, at most 10). */
  private keep(member: string, values: string[]): void {
    const old = (this.remembered.get(member) ?? []).filter((x) => !values.includes(x));
    this.remembered.set(member, [...new Set(values), ...old].slice(0, 10));
  }

  private async next(service: ServiceName, opName: string, outcome: Outcome): Promise<Step> {
    const model = await loadModel(service);
    const suggestions = nextSteps(service, opName, outcome).filter((n) => model.operations[n]);
    const choice = await this.p.select(
      {
        message: 'What next?',
        choices: [
          ...suggestions.map((n) => ({
            name: n === opName && outcome !== 'ok' ? `${model.operations[n]!.cli} (again)` : model.operations[n]!.cli,
            value: `op:${n}`,
            description: describeOperation(service, n),
          })),
          { name: `another ${service} operation`, value: 'ops' },
          { name: 'another service', value: 'services' },
          { name: 'quit', value: 'quit' },
        ],
      },
      this.pc,
    );
    if (choice.startsWith('op:')) return { kind: 'operation', service, op: choice.slice(3) };
    if (choice === 'ops') return { kind: 'operations', service };
    if (choice === 'services') return { kind: 'services' };
    return { kind: 'quit' };
  }
}

/** Identifiers an operation uses up: not offered again after it succeeds. */
const USED_UP: Record<string, string> = {
  DeleteMessage: 'ReceiptHandle',
  DeleteQueue: 'QueueUrl',
  DeleteTopic: 'TopicArn',
  Unsubscribe: 'SubscriptionArn',
  DeleteStream: 'StreamName',
};

/** The list an operation's answer holds, when an empty one changes what comes next. */
const RESULT_LISTS: Record<string, string> = {
  ReceiveMessage: 'Messages',
  GetRecords: 'Records',
  ListQueues: 'QueueUrls',
  ListTopics: 'Topics',
  ListStreams: 'StreamNames',
};

/** How an operation went: failed, answered with nothing (no messages, no records), or ok. */
function outcomeOf(opName: string, result: { ok: boolean; value?: unknown }): Outcome {
  if (!result.ok) return 'failed';
  const key = RESULT_LISTS[opName];
  if (!key) return 'ok';
  const list = (result.value as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(list) && list.length > 0 ? 'ok' : 'empty';
}

/** The arguments the guide asks about: visible ones, a boolean pair (--x / --no-x) once. */
function visibleArgs(args: CliArg[]): CliArg[] {
  return args.filter((a) => !a.hidden && !(a.type === 'boolean' && a.negative));
}

/**
 * The command line for the answers: flags in the model's order, values as the CLI takes them.
 * The guide takes a blob as text, so `--cli-binary-format raw-in-base64-out` comes first
 * exactly when a blob value is given (a Binary message attribute, Kinesis data).
 */
export function commandWords(model: ServiceModel, opName: string, values: Map<CliArg, unknown>): string[] {
  const op = model.operations[opName]!;
  const words: string[] = [];
  let blobs = false;
  for (const arg of op.args) {
    if (!values.has(arg)) continue;
    const v = values.get(arg);
    if (arg.type === 'boolean') {
      const negative = op.args.find((a) => a.member === arg.member && a.negative);
      if (v === true) words.push(`--${arg.name}`);
      else if (negative) words.push(`--${negative.name}`);
      continue;
    }
    words.push(`--${arg.name}`);
    if (arg.type === 'list' && Array.isArray(v) && v.every((x) => typeof x !== 'object')) words.push(...v.map(String));
    else if (typeof v === 'object' && v !== null) words.push(JSON.stringify(v));
    else words.push(String(v));
    const shapeName = op.input ? model.shapes[op.input]?.members?.[arg.member]?.shape : undefined;
    if (shapeName && holdsBlob(model, shapeName, v)) blobs = true;
  }
  return [...(blobs ? ['--cli-binary-format', 'raw-in-base64-out'] : []), model.service, op.cli, ...words];
}

/** Whether a value, read with its shape, gives a blob anywhere. */
export function holdsBlob(model: ServiceModel, shapeName: string, value: unknown): boolean {
  const s = model.shapes[shapeName];
  if (!s || value === undefined || value === null) return false;
  switch (s.type) {
    case 'blob':
      return true;
    case 'list':
      return Array.isArray(value) && value.some((x) => holdsBlob(model, s.member!.shape, x));
    case 'map':
      return typeof value === 'object' && Object.values(value).some((x) => holdsBlob(model, s.value!.shape, x));
    case 'structure':
      return typeof value === 'object' && Object.entries(value).some(([k, x]) => s.members?.[k] !== undefined && holdsBlob(model, s.members[k]!.shape, x));
    default:
      return false;
  }
}

const clip = (text: string, n: number): string => (text.length <= n ? text : `${text.slice(0, n - 1)}…`);
