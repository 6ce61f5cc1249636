/**
 * `awsmsg <service> wait <waiter>` from the model's waiters-2.json, as the AWS CLI runs them:
 * poll the waiter's operation until an acceptor says success or failure, or attempts run out.
 * Locally the poll is cheap, so awsmsg polls often within the same overall time budget
 * (delay × maxAttempts of real time) and reacts as soon as the state changes.
 */
import { AwsError, CliError } from '../core/errors.js';
import { firstPositional, invalidChoiceError } from './args/globals.js';
import type { ServiceModel, Waiter, WaiterAcceptor } from '../model/types.js';
import { waiterCliName } from '../model/load.js';
import { needsYaml, parseOperationArgs } from './args/operation.js';
import { validateParams } from './args/validate.js';
import { EXIT } from './exit.js';
import { callOperation } from '../core/call.js';
import { sleep } from '../core/sleep.js';
import type { CommandEnv } from './run.js';

const POLL_MS = 100;

export { waiterCliName };

export async function runWaiter(model: ServiceModel, args: string[], env: CommandEnv): Promise<number> {
  const { word: cliName, rest } = firstPositional(args);
  const entries = Object.entries(model.waiters);
  if (cliName === undefined) {
    throw new CliError('usage', 'the following arguments are required: subcommand', { showUsage: true });
  }
  if (cliName === 'help') {
    const { showWaitersHelp } = await import('./helpCommand.js');
    await showWaitersHelp(model, env);
    return EXIT.ok;
  }
  const found = entries.find(([name]) => waiterCliName(name) === cliName);
  if (!found) throw invalidChoiceError('subcommand', cliName, [...entries.map(([n]) => waiterCliName(n)), 'help']);
  const [waiterName, waiter] = found;
  const op = model.operations[waiter.operation]!;
  const parsed = parseOperationArgs(rest, waiter.operation, model, {
    binaryFormat: env.config().binaryFormat,
    paginated: false,
    yaml: needsYaml(rest) ? await import('yaml') : undefined,
  });
  if (parsed.help) {
    const { showWaiterHelp } = await import('./helpCommand.js');
    await showWaiterHelp(model, waiterName, env);
    return EXIT.ok;
  }
  if (op.input) validateParams(parsed.params, op.input, model);
  const ctx = env.ctx();
  const deadline = Date.now() + waiter.delay * waiter.maxAttempts * 1000;
  // Against a remote endpoint, poll as the AWS CLI does: the model's delay between attempts,
  // at most maxAttempts of them (a quick poll is for the local file only).
  const remote = ctx.target !== undefined;
  for (let attempt = 1; ; attempt++) {
    let outcome: 'success' | 'failure' | 'retry';
    try {
      const result = await callOperation(ctx, model.service, waiter.operation, parsed.params);
      outcome = await judge(waiter, { result });
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      outcome = await judge(waiter, { error: e });
      if (outcome === 'retry' && !waiter.acceptors.some((a) => a.matcher === 'error' && a.expected === e.code)) {
        throw new CliError('other', `Waiter ${waiterName} failed: ${e.message}`);
      }
    }
    if (outcome === 'success') return EXIT.ok;
    if (outcome === 'failure') throw new CliError('other', `Waiter ${waiterName} failed: Waiter encountered a terminal failure state`);
    if (remote ? attempt >= waiter.maxAttempts : Date.now() >= deadline) {
      throw new CliError('other', `Waiter ${waiterName} failed: Max attempts exceeded`);
    }
    if (env.io.signal.aborted) return EXIT.interrupted;
    await sleep(remote ? waiter.delay * 1000 : POLL_MS, env.io.signal);
    if (env.io.signal.aborted) return EXIT.interrupted;
  }
}

async function judge(waiter: Waiter, got: { result?: unknown; error?: AwsError }): Promise<'success' | 'failure' | 'retry'> {
  for (const acceptor of waiter.acceptors) {
    if (await matches(acceptor, got)) return acceptor.state;
  }
  return 'retry';
}

async function matches(a: WaiterAcceptor, got: { result?: unknown; error?: AwsError }): Promise<boolean> {
  if (a.matcher === 'error') return got.error?.code === a.expected;
  if (got.error || a.argument === undefined) return false;
  const { applyQuery } = await import('./output/query.js');
  const value = applyQuery(got.result, a.argument);
  switch (a.matcher) {
    case 'path':
      return value === a.expected;
    case 'pathAll':
      return Array.isArray(value) && value.length > 0 && value.every((v) => v === a.expected);
    case 'pathAny':
      return Array.isArray(value) && value.some((v) => v === a.expected);
    default:
      return false;
  }
}
