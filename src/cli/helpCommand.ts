/**
 * Every help page awsmsg shows: `awsmsg help`, `awsmsg <service> help`, an operation's,
 * a waiter's and an own command's page. Loads the words (src/help/), renders them
 * (args/help.ts) and shows the page, through the pager on a terminal (pager.ts). This module
 * and the text are loaded only when help is asked for.
 */
import type { Option } from 'commander';
import descriptions from '../guide/descriptions.json' with { type: 'json' };
import { loadOwnHelp, loadServiceHelp } from '../help/load.js';
import { SERVICE_NAMES, type ServiceModel, type ServiceName } from '../model/types.js';
import {
  renderOperationHelp,
  renderOwnCommandHelp,
  renderServiceHelp,
  renderTopHelp,
  renderWaiterHelp,
  renderWaitersHelp,
  type ListedCommand,
  type OwnOptionLine,
} from './args/help.js';
import { commandFor } from './commands/index.js';
import { listedOwnCommands, ownCommand, SERVICE_EXTRAS, TOP_COMMANDS } from './commands/names.js';
import { choosePager, showPaged } from './pager.js';
import type { CommandEnv } from './run.js';

/** One line per service for `awsmsg help`. */
export const SERVICE_SUMMARIES: Record<ServiceName, string> = {
  sqs: 'Amazon SQS: queues that hold messages until a consumer receives and deletes them',
  sns: 'Amazon SNS: topics that copy each published message to every subscriber (SQS queues, HTTP endpoints, ...)',
  kinesis: 'Amazon Kinesis Data Streams: ordered, replayable streams of records split into shards',
};

/** The one-line descriptions of the operations (shared with the guide). */
export const OPERATION_SUMMARIES = descriptions as Record<ServiceName, Record<string, string>>;

async function show(text: string, env: CommandEnv): Promise<void> {
  let cliPager: string | undefined;
  try {
    cliPager = env.config().cliPager;
  } catch {
    // a broken profile must not hide the help; the command itself reports it
  }
  await showPaged(text, env.io, choosePager({ noCliPager: env.globals.noCliPager, env: env.io.env, cliPager }));
}

export function topHelpText(): string {
  return renderTopHelp({
    services: [...SERVICE_NAMES].sort().map((s) => ({ name: s, summary: SERVICE_SUMMARIES[s] })),
    commands: Object.entries(TOP_COMMANDS)
      .filter(([, c]) => !c.hidden)
      .map(([name, c]) => ({ name, summary: c.summary })),
  });
}

export async function showTopHelp(env: CommandEnv): Promise<void> {
  await show(topHelpText(), env);
}

export async function serviceHelpText(model: ServiceModel): Promise<string> {
  const { help } = await loadServiceHelp(model.service);
  const extras = Object.entries(SERVICE_EXTRAS[model.service]).map(([name, c]) => ({ name, summary: c.summary }));
  return renderServiceHelp(model, { about: help.about, summaries: OPERATION_SUMMARIES[model.service], extras });
}

export async function showServiceHelp(model: ServiceModel, env: CommandEnv): Promise<void> {
  await show(await serviceHelpText(model), env);
}

export async function operationHelpText(model: ServiceModel, opName: string): Promise<string> {
  const { help, recorded } = await loadServiceHelp(model.service);
  return renderOperationHelp(opName, model, {
    summary: OPERATION_SUMMARIES[model.service][opName],
    page: help.pages[opName],
    recorded: recorded[opName],
  });
}

export async function showOperationHelp(model: ServiceModel, opName: string, env: CommandEnv): Promise<void> {
  await show(await operationHelpText(model, opName), env);
}

export async function showWaitersHelp(model: ServiceModel, env: CommandEnv): Promise<void> {
  await show(renderWaitersHelp(model), env);
}

export async function waiterHelpText(model: ServiceModel, waiterName: string): Promise<string> {
  const { help, recorded } = await loadServiceHelp(model.service);
  const page = help.waiters?.[waiterName];
  return renderWaiterHelp(waiterName, model, {
    description: page?.description,
    examples: page?.examples,
    recorded: recorded[`wait ${waiterName}`],
    operationPage: help.pages[model.waiters[waiterName]!.operation],
  });
}

export async function showWaiterHelp(model: ServiceModel, waiterName: string, env: CommandEnv): Promise<void> {
  await show(await waiterHelpText(model, waiterName), env);
}

/** The page of an own command ("clock", "clock advance", "sns outbox"). */
export async function ownCommandHelpText(key: string, env: CommandEnv): Promise<string> {
  const words = key.split(' ');
  const isExtra = (SERVICE_NAMES as readonly string[]).includes(words[0]!);
  const commandKey = words.slice(0, isExtra ? 2 : 1).join(' ');
  const sub = words.slice(isExtra ? 2 : 1)[0];
  const entry = ownCommand(commandKey);
  if (!entry) throw new Error(`no command ${commandKey}`);
  const mod = await entry.load();
  const { pages, recorded } = await loadOwnHelp();
  let options: OwnOptionLine[] = [];
  let args: OwnOptionLine[] = [];
  let subcommands: ListedCommand[] = [];
  let summary = entry.summary;
  if (mod.define) {
    const root = commandFor(commandKey, mod, env);
    const cmd = sub ? root.commands.find((c) => c.name() === sub) : root;
    if (!cmd) throw new Error(`no subcommand ${key}`);
    if (sub) summary = cmd.description();
    options = cmd.options.map(optionLine);
    args = cmd.registeredArguments.map((a) => ({
      head: `<${a.name()}${a.variadic ? '...' : ''}>`,
      type: 'string',
      required: a.required,
      key: a.name(),
      fallback: a.description,
      ...(a.defaultValue === undefined || a.defaultValue === '' ? {} : { defaultValue: String(a.defaultValue) }),
    }));
    subcommands = cmd.commands.map((c) => ({ name: c.name(), summary: c.description() }));
  }
  return renderOwnCommandHelp({ name: key, summary, page: pages[key], recorded: recorded[key], options, arguments: args, subcommands });
}

function optionLine(o: Option): OwnOptionLine {
  const value = /<[^>]+>|\[[^\]]+\]/.exec(o.flags)?.[0];
  return {
    head: value ? `${o.long} ${value}` : o.long!,
    type: value ? (o.variadic ? 'list' : 'string') : 'boolean',
    required: o.mandatory,
    key: o.long!,
    fallback: o.description,
    ...(o.defaultValue === undefined ? {} : { defaultValue: String(o.defaultValue) }),
  };
}

export async function showOwnCommandHelp(key: string, env: CommandEnv): Promise<void> {
  await show(await ownCommandHelpText(key, env), env);
}

/** Every own command's words, and their subcommands': the pages there must be. */
export async function ownHelpKeys(env: CommandEnv): Promise<string[]> {
  const keys: string[] = [];
  for (const key of listedOwnCommands()) {
    keys.push(key);
    const mod = await ownCommand(key)!.load();
    if (mod.define) keys.push(...commandFor(key, mod, env).commands.map((c) => `${key} ${c.name()}`));
  }
  return keys;
}
