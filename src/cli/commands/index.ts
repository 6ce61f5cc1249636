/**
 * awsmsg's own commands (not AWS operations), built with commander: `clock`, and the
 * per-service extras such as `kinesis consume`. Each lives in its own module, loaded when run
 * (the registry is names.ts). `help`, `--help` and `-h` show the command's page
 * (src/cli/helpCommand.ts) instead of commander's usage text.
 */
import { Command, CommanderError } from 'commander';
import type { ServiceName } from '../../model/types.js';
import { EXIT } from '../exit.js';
import type { CommandEnv } from '../run.js';
import { ownCommand, type CommandModule } from './names.js';

export { serviceExtraNames } from './names.js';
export type { CommandModule } from './names.js';

export async function runOwnCommand(name: string, args: string[], env: CommandEnv): Promise<number> {
  return runWithCommander(name, args, env);
}

export async function runServiceExtra(service: ServiceName, name: string, args: string[], env: CommandEnv): Promise<number> {
  return runWithCommander(`${service} ${name}`, args, env);
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

/** A commander Command for an own command, defined by its module (for running it, or for its help page). */
export function commandFor(key: string, mod: CommandModule, env: CommandEnv, done: (code: number) => void = () => undefined): Command {
  const cmd = new Command(`awsmsg ${key}`).description(ownCommand(key)!.summary);
  cmd.exitOverride();
  cmd.configureOutput({ writeOut: (s) => env.io.out(s), writeErr: (s) => env.io.err(s) });
  mod.define!(cmd, env, done);
  return cmd;
}

/**
 * The page a command line asks for, if it asks for one: `help` as the only word after the
 * command (or after one of its subcommands), or `--help` / `-h` anywhere.
 */
export function helpRequest(key: string, args: readonly string[], subcommands: readonly string[]): string | undefined {
  const sub = args[0] !== undefined && subcommands.includes(args[0]) ? args[0] : undefined;
  const rest = sub ? args.slice(1) : args;
  const target = sub ? `${key} ${sub}` : key;
  if (rest.length === 1 && rest[0] === 'help') return target;
  if (args.some((a) => a === '--help' || a === '-h')) return target;
  return undefined;
}

async function runWithCommander(key: string, args: string[], env: CommandEnv): Promise<number> {
  const entry = ownCommand(key);
  if (!entry) throw new Error(`no module for the command ${key}`);
  const mod = await entry.load();
  let code: number = EXIT.ok;
  const cmd = mod.define ? commandFor(key, mod, env, (c) => (code = c)) : undefined;
  const wanted = helpRequest(key, args, cmd?.commands.map((c) => c.name()) ?? []);
  if (wanted !== undefined) {
    const { showOwnCommandHelp } = await import('../helpCommand.js');
    await showOwnCommandHelp(wanted, env);
    return EXIT.ok;
  }
  const why = LOCAL_ONLY[key];
  if (why !== undefined) {
    const target = env.target();
    if (target) {
      const { localOnly } = await import('../../remote/target.js');
      throw localOnly(`awsmsg ${key}`, target, why);
    }
  }
  if (!cmd) return mod.run!(args, env);
  try {
    await cmd.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok; // version shown
      return EXIT.usage; // commander has printed its message
    }
    throw e;
  }
  return code;
}
