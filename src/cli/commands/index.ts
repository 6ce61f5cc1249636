/**
 * awsmsg's own commands (not AWS operations), built with commander: `clock`, and the
 * per-service extras such as `kinesis consume`. Each lives in its own module, loaded when run.
 */
import { Command, CommanderError } from 'commander';
import type { ServiceName } from '../../model/types.js';
import { EXIT } from '../exit.js';
import type { CommandEnv } from '../run.js';
import { SERVICE_EXTRAS, TOP_COMMANDS } from './names.js';

export { serviceExtraNames } from './names.js';

/** A command module: adds its arguments, options and action to a commander Command. */
export interface CommandModule {
  define?(cmd: Command, env: CommandEnv, done: (code: number) => void): void;
  /** a command that parses its own arguments (AWS-style flags) instead of through commander */
  run?(args: string[], env: CommandEnv): Promise<number>;
}

const MODULES: Record<string, () => Promise<CommandModule>> = {
  clock: () => import('./clock.js'),
  shell: () => import('./shell.js'),
  __complete: () => import('./complete.js'),
  completion: () => import('./completion.js'),
  tutorial: () => import('./tutorial.js'),
  status: () => import('./status.js'),
  guide: () => import('./guide.js'),
  serve: () => import('./serve.js'),
  'sns outbox': () => import('./snsOutbox.js'),
  'sns signing-cert': () => import('./snsSigningCert.js'),
  'sns deliver': () => import('./snsDeliver.js'),
  'sns explain-filter': () => import('./snsExplainFilter.js'),
  'sns visit-subscribe-url': () => import('./snsVisitSubscribeUrl.js'),
  'kinesis throughput-enforcement': () => import('./kinesisThroughput.js'),
  'kinesis consume': () => import('./kinesisConsume.js'),
  'kinesis describe-leases': () => import('./kinesisLeases.js'),
};

export async function runOwnCommand(name: string, args: string[], env: CommandEnv): Promise<number> {
  return runWithCommander(name, `awsmsg ${name}`, TOP_COMMANDS[name]!, args, env);
}

export async function runServiceExtra(service: ServiceName, name: string, args: string[], env: CommandEnv): Promise<number> {
  return runWithCommander(`${service} ${name}`, `awsmsg ${service} ${name}`, SERVICE_EXTRAS[service][name]!, args, env);
}

/**
 * Commands about what only the local state file has (its outbox, its signing key, its
 * delivery queue, its throughput switch): refused on a remote target, with why.
 */
const LOCAL_ONLY: Record<string, string> = {
  'sns outbox': "the outbox is awsmsg's record of deliveries it made itself",
  'sns deliver': 'awsmsg performs HTTP/S deliveries only for its own state file',
  'sns visit-subscribe-url': 'it confirms subscriptions of the local state file',
  'sns signing-cert': "the certificate is the local state file's own",
  'kinesis throughput-enforcement': 'the limits are a setting of the local state file',
};

async function runWithCommander(key: string, usageName: string, summary: string, args: string[], env: CommandEnv): Promise<number> {
  const load = MODULES[key];
  if (!load) throw new Error(`no module for the command ${key}`);
  const why = LOCAL_ONLY[key];
  if (why !== undefined && !args.includes('--help') && !args.includes('-h')) {
    const target = env.target();
    if (target) {
      const { localOnly } = await import('../../remote/target.js');
      throw localOnly(usageName, target, why);
    }
  }
  const mod = await load();
  if (mod.run) return mod.run(args, env);
  const cmd = new Command(usageName).description(summary);
  let code: number = EXIT.ok;
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: (s) => env.io.out(s), writeErr: (s) => env.io.err(s) });
  mod.define!(cmd, env, (c) => (code = c));
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok; // help or version shown
      return EXIT.usage; // commander has printed its message
    }
    throw e;
  }
  return code;
}
