/**
 * One command line, start to finish: global options, then either an AWS operation (parsed,
 * validated and printed as the AWS CLI would) or one of awsmsg's own commands. Used by the
 * shell entry point and by the REPL for each line; never exits the process.
 */
import { CliError } from '../core/errors.js';
import type { Ctx } from '../core/context.js';
import { loadModel, findOperation } from '../model/load.js';
import { SERVICE_NAMES, type ServiceModel, type ServiceName } from '../model/types.js';
import { isSqliteError, resolveStatePath, stateFileError } from '../store/db.js';
import { firstPositional, invalidChoiceError, mayHaveQuery, splitGlobals, type GlobalOptions } from './args/globals.js';
import type { CompiledQuery } from './output/query.js';
import { needsYaml, parseOperationArgs } from './args/operation.js';
import { validateParams } from './args/validate.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { EXIT, reportError } from './exit.js';
import { wasInterrupted, type Io, type Session } from './io.js';
import { printResult } from './print.js';
import { callOperation } from '../core/call.js';
import { shapeOutput } from './output/shape.js';
import { versionText } from './version.js';
import { ownCommandNames, serviceExtraNames } from './commands/names.js';
import { hasDueDeliveries } from '../services/sns/due.js';
import { targetFromCli } from '../remote/fromCli.js';
import type { HttpTarget } from '../remote/target.js';

/** What awsmsg's own commands get: the parsed global options and lazy access to state. */
export interface CommandEnv {
  io: Io;
  globals: GlobalOptions;
  /** --query, compiled before the command ran (undefined without --query) */
  query?: CompiledQuery;
  session: Session;
  config(): ResolvedConfig;
  /**
   * The remote endpoint the command works on (--endpoint-url, a configured endpoint,
   * --remote), or undefined for the local state file.
   */
  target(): HttpTarget | undefined;
  /** the context operations run in: the local state file, or the remote target */
  ctx(): Ctx;
  /** prints a result with the user's --output and --query, as an AWS operation's result */
  print(data: unknown, operationName: string): Promise<void>;
}

export async function runCommand(argv: string[], io: Io, session: Session): Promise<number> {
  let globals: GlobalOptions | undefined;
  let service: string | undefined;
  // what the command got as far as: for the error line (its operation, or the own command) and the observer
  const track: Track = {};
  let env: (CommandEnv & { opened(): Ctx | undefined }) | undefined;
  try {
    // Everything the user typed is checked before anything runs: --query is compiled with
    // the global options, as the AWS CLI does, not when a result is printed.
    const queries = mayHaveQuery(argv) ? await import('./output/query.js') : undefined;
    const split = splitGlobals(argv, {
      commands: [...SERVICE_NAMES, ...ownCommandNames(), 'help'],
      compileQuery: queries && ((expression: string) => runnableQuery(queries.compileQuery(expression))),
    });
    globals = split.globals;
    if (globals.version) {
      io.out(`${versionText()}\n`);
      return EXIT.ok;
    }
    // (mayHaveQuery matches every spelling argparse accepts; this only guards against a gap)
    const query =
      split.query ?? (globals.query === undefined ? undefined : runnableQuery((await import('./output/query.js')).compileQuery(globals.query)));
    env = commandEnv(io, globals, query, session);
    const command = split.command!;
    const at = split.rest.indexOf(command);
    const args = [...split.rest.slice(0, at), ...split.rest.slice(at + 1)];
    if (command === 'help') {
      const { showTopHelp } = await import('./helpCommand.js');
      await showTopHelp(env);
      return EXIT.ok;
    }
    try {
      if ((SERVICE_NAMES as readonly string[]).includes(command)) {
        service = command;
        return await runService(command as ServiceName, args, env, track);
      }
      track.command = command;
      const { runOwnCommand } = await import('./commands/index.js');
      return await runOwnCommand(command, args, env);
    } finally {
      if (!LOOK_ONLY_COMMANDS.has(command)) await carryOnDeliveries(env);
    }
  } catch (e) {
    // SQLite's failures that the store did not word itself (a statement outside its
    // transactions) are still about the state file: said so, naming it
    const store = env?.opened()?.store;
    const error = store && isSqliteError(e) ? stateFileError(store.path, e, store.readOnly) : e;
    const status = reportError(error, io.err, { operation: track.operation, command: track.command, debug: globals?.debug });
    io.observe?.({ service, operation: track.operation, params: track.params, error: e, ctx: env?.opened() });
    return status;
  }
}

/**
 * A query that can only fail is refused before the command runs. jmespath.py finds an
 * unknown function only when it evaluates the call, so the AWS CLI fails with "Unknown
 * function: foo()" after the operation; awsmsg says the same, but before anything changed.
 */
function runnableQuery(query: CompiledQuery): CompiledQuery {
  if (query.unknownFunction !== undefined) throw new CliError('other', `Unknown function: ${query.unknownFunction}()`);
  return query;
}

/**
 * SNS's HTTP/S deliveries happen after the publishing transaction commits, and retries fall
 * due later on the clock. Every command that used a state file performs those due by then
 * before it returns (each attempt bounded), so nothing waits for a daemon.
 */
async function carryOnDeliveries(env: CommandEnv & { opened?: () => Ctx | undefined }): Promise<void> {
  const ctx = env.opened?.();
  if (!ctx) return;
  try {
    if (!hasDueDeliveries(ctx.store)) return;
    const { runDueDeliveries } = await import('../services/sns/index.js');
    await runDueDeliveries(ctx, { attemptTimeoutMs: DELIVERY_ATTEMPT_MS, budgetMs: DELIVERY_BUDGET_MS });
  } catch (e) {
    // A delivery problem must not change the outcome of the user's command; it stays pending.
    if (env.globals.debug) env.io.err(`SNS deliveries: ${(e as Error).stack ?? e}\n`);
  }
}

/**
 * Commands that only look: they perform no due SNS deliveries (what follows from the clock,
 * such as message move tasks, still comes up to date as with any command).
 */
const LOOK_ONLY_COMMANDS: ReadonlySet<string> = new Set(['status']);

const DELIVERY_ATTEMPT_MS = 5_000;
const DELIVERY_BUDGET_MS = 10_000;

function commandEnv(
  io: Io,
  globals: GlobalOptions,
  query: CompiledQuery | undefined,
  session: Session,
): CommandEnv & { opened(): Ctx | undefined } {
  let config: ResolvedConfig | undefined;
  let ctx: Ctx | undefined;
  let target: { value?: HttpTarget } | undefined;
  const getConfig = () => (config ??= resolveConfig(globals, io.env));
  const getTarget = () =>
    (target ??= { value: targetFromCli(globals, io.env, getConfig(), { debug: globals.debug ? (l) => io.err(`${l}\n`) : undefined }) }).value;
  const env = {
    io,
    globals,
    query,
    session,
    config: getConfig,
    target: getTarget,
    ctx: () => {
      if (ctx) return ctx;
      const c = getConfig();
      const remote = getTarget();
      const path = resolveStatePath(globals.db, io.env);
      if (remote) {
        // the state file opens only if something local is used (a KCL lease table)
        let store: Ctx['store'] | undefined;
        return (ctx = {
          get store() {
            return (store ??= session.store(path));
          },
          region: c.region,
          accountId: c.accountId,
          get signal() {
            return io.signal;
          },
          target: remote,
        });
      }
      return (ctx = {
        store: session.store(path),
        region: c.region,
        accountId: c.accountId,
        // made when an operation asks for it (one that waits)
        get signal() {
          return io.signal;
        },
      });
    },
    opened: () => (ctx?.target ? undefined : ctx),
    print: (data: unknown, operationName: string) => printResult(data, operationName, env),
  };
  return env;
}

/** What a command got as far as: the operation it calls, its parameters, or the own command. */
interface Track {
  operation?: string;
  params?: Record<string, unknown>;
  command?: string;
}

async function runService(service: ServiceName, args: string[], env: CommandEnv, track: Track): Promise<number> {
  const model = await loadModel(service);
  const { word: cliName, rest: opArgs } = firstPositional(args);
  if (cliName === undefined) {
    throw new CliError('usage', 'the following arguments are required: operation', { showUsage: true });
  }
  if (cliName === 'help') {
    const { showServiceHelp } = await import('./helpCommand.js');
    await showServiceHelp(model, env);
    return EXIT.ok;
  }
  if (cliName === 'wait' && Object.keys(model.waiters).length > 0) {
    const { runWaiter } = await import('./wait.js');
    return runWaiter(model, opArgs, env);
  }
  const found = findOperation(model, cliName);
  if (!found) {
    if (serviceExtraNames(service).includes(cliName)) {
      track.command = `${service} ${cliName}`;
      const { runServiceExtra } = await import('./commands/index.js');
      return runServiceExtra(service, cliName, opArgs, env);
    }
    throw invalidChoiceError('operation', cliName, [...operationNames(model), ...serviceExtraNames(service), 'help']);
  }
  const [opName] = found;
  track.operation = opName;
  return runOperation(model, opName, opArgs, env, track);
}

async function runOperation(model: ServiceModel, opName: string, opArgs: string[], env: CommandEnv, track: Track): Promise<number> {
  const op = model.operations[opName]!;
  const config = env.config();
  const paginator = model.paginators[opName];
  const parsed = parseOperationArgs(opArgs, opName, model, {
    binaryFormat: config.binaryFormat,
    paginated: paginator !== undefined,
    noPaginate: env.globals.noPaginate,
    yaml: needsYaml(opArgs) ? await import('yaml') : undefined,
  });
  for (const w of parsed.warnings) env.io.err(`${w}\n`);
  if (parsed.help) {
    const { showOperationHelp } = await import('./helpCommand.js');
    await showOperationHelp(model, opName, env);
    return EXIT.ok;
  }
  if (parsed.skeleton) {
    const { renderSkeleton, skeletonFor } = await import('./args/skeleton.js');
    if (parsed.skeleton === 'output') {
      await printResult(skeletonFor(op.output, model, 'output'), opName, env, { model, shapeName: op.output });
    } else {
      env.io.out(renderSkeleton(op.input, model, parsed.skeleton));
    }
    return EXIT.ok;
  }
  track.params = parsed.params;
  validateParams(parsed.params, op.input, model);
  const ctx = env.ctx();
  const call = (p: Record<string, unknown>) => callOperation(ctx, model.service, opName, p);
  const shape = { model, shapeName: op.output };
  if (!paginator || !parsed.paginate || disablesPagination(model, opName, parsed.params)) {
    if (env.globals.debug) env.io.err(`awsmsg: calling ${model.service} ${opName}\n`);
    const result = await call(parsed.params);
    const stream = eventStream(model, op.output, result);
    if (stream) return printEvents(stream.events, stream.shapeName, opName, env, model);
    // Ctrl-C during a wait (a long poll): the AWS CLI prints a newline and exits 130
    if (wasInterrupted(env.io)) {
      env.io.out('\n');
      return EXIT.interrupted;
    }
    await printResult(result, opName, env, shape);
    env.io.observe?.({ service: model.service, operation: opName, params: parsed.params, result, ctx: env.ctx() });
    return EXIT.ok;
  }
  const { paginate, paginatePages, paginateRawPages } = await import('./output/paginate.js');
  // Each page is shaped as botocore parses a response; the merged result is not reshaped
  // (botocore's build_full_result puts result keys first and keeps non-aggregate nulls).
  const pageCall = async (p: Record<string, unknown>) => shapeOutput(await call(p), op.output, model) as Record<string, unknown>;
  const output = env.config().output;
  if (output === 'text') {
    // The AWS CLI prints text page by page, applying --query to each page.
    for await (const page of paginatePages(pageCall, paginator, parsed.params, parsed.paging)) {
      await printResult(page, opName, env);
    }
  } else if (output === 'yaml-stream') {
    const { formatYamlStreamPage } = await import('./output/format.js');
    for await (const page of paginateRawPages(pageCall, paginator, parsed.params, parsed.paging)) {
      await printResult(page, opName, env, undefined, formatYamlStreamPage);
    }
  } else {
    await printResult(await paginate(pageCall, paginator, parsed.params, parsed.paging), opName, env);
  }
  return EXIT.ok;
}

/**
 * An operation whose response is an event stream (Kinesis SubscribeToShard): the member that
 * holds it, if the handler returned one.
 */
function eventStream(
  model: ServiceModel,
  outputShape: string | undefined,
  result: Record<string, unknown>,
): { events: AsyncIterable<unknown>; shapeName: string } | undefined {
  const members = outputShape ? model.shapes[outputShape]?.members : undefined;
  for (const [name, ref] of Object.entries(members ?? {})) {
    const value = result[name] as AsyncIterable<unknown> | undefined;
    if (model.shapes[ref.shape]?.eventstream && value && typeof value[Symbol.asyncIterator] === 'function') {
      return { events: value, shapeName: ref.shape };
    }
  }
  return undefined;
}

/** Prints each event as it arrives, with the user's --output and --query, until the stream ends or Ctrl-C. */
async function printEvents(
  events: AsyncIterable<unknown>,
  shapeName: string,
  opName: string,
  env: CommandEnv,
  model: ServiceModel,
): Promise<number> {
  for await (const event of events) {
    await printResult(event, opName, env, { model, shapeName });
    if (env.io.signal.aborted) break;
  }
  return env.io.signal.aborted ? EXIT.interrupted : EXIT.ok;
}

/** The AWS CLI turns pagination off for list-streams when ExclusiveStartStreamName is given. */
function disablesPagination(model: ServiceModel, opName: string, params: Record<string, unknown>): boolean {
  return model.service === 'kinesis' && opName === 'ListStreams' && params.ExclusiveStartStreamName !== undefined;
}

function operationNames(model: ServiceModel): string[] {
  const names = Object.values(model.operations).map((o) => o.cli);
  if (Object.keys(model.waiters).length > 0) names.push('wait');
  return names.sort();
}

