/**
 * Completion candidates for a command line, shared by the REPL (Tab) and the shell
 * completion scripts (`awsmsg __complete`): services, operations and waiters, flags not used
 * yet, enum values, and identifiers read from the state file at that moment (queue URLs and
 * names, topic and subscription ARNs, stream names and ARNs, shard ids, consumers).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOBAL_OPTION_FLAGS, BINARY_FORMATS, type GlobalOptions, COLOR_MODES, ERROR_FORMATS, OUTPUT_FORMATS } from '../cli/args/globals.js';
import { ownCommandNames, serviceExtraNames } from '../cli/commands/names.js';
import { resolveConfig } from '../cli/config.js';
import type { Session } from '../cli/io.js';
import type { Ctx } from '../core/context.js';
import { findOperation, loadModel } from '../model/load.js';
import { SERVICE_NAMES, type CliArg, type ServiceModel, type ServiceName, type Shape } from '../model/types.js';
import { resolveStatePath } from '../store/db.js';
import { TUTORIAL_NAMES } from '../tutorials/names.js';
import { SETTINGS } from '../cli/commands/config.js';
import { liveIdentifiers, memberIdKinds, type IdKind } from './live.js';
import { targetFromCli } from '../remote/fromCli.js';
import { GLOBAL_SWITCHES } from './lines.js';
import { scan } from './split.js';

export interface CompletionContext {
  env: NodeJS.ProcessEnv;
  /** reads state through these open files (the REPL's session); else opens and closes its own */
  session?: Session;
  /** global options given to the shell itself, which every line inherits */
  baseArgs?: readonly string[];
  /** completing inside awsmsg's own shell: commands that make no sense there are not offered */
  inShell?: boolean;
}

/**
 * Commands the interactive shell does not offer: `shell` (it is already running; running it
 * again is refused) and `completion` (a script for bash, zsh or fish, not for this shell).
 */
const NOT_IN_SHELL: ReadonlySet<string> = new Set(['shell', 'completion']);


const GLOBAL_CHOICES: Record<string, readonly string[]> = {
  '--output': OUTPUT_FORMATS,
  '--color': COLOR_MODES,
  '--cli-binary-format': BINARY_FORMATS,
  '--cli-error-format': ERROR_FORMATS,
  '--region': [
    'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
    'eu-central-1', 'eu-north-1', 'eu-south-1', 'ap-south-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1',
    'ap-southeast-2', 'sa-east-1',
  ],
};

/** Values some string members take although the model does not list them as an enum. */
const KNOWN_VALUES: Record<string, readonly string[]> = {
  'sns.Protocol': ['application', 'email', 'email-json', 'firehose', 'http', 'https', 'lambda', 'sms', 'sqs'],
  'sns.MessageStructure': ['json'],
};

/** awsmsg's own commands: their sub-commands, flags and positional values. */
interface OwnSpec {
  subcommands?: readonly string[];
  flags?: readonly string[];
  positional?: () => readonly string[];
  /** values of the word after a sub-command (other than those listed in noValueAfter) */
  afterSubcommand?: () => readonly string[];
  noValueAfter?: readonly string[];
}
const OWN_COMMANDS: Record<string, OwnSpec> = {
  clock: { subcommands: ['advance'] },
  shell: { flags: ['--continue'] },
  guide: {},
  tutorial: { flags: ['--yes'], positional: () => TUTORIAL_NAMES },
  status: { flags: ['--watch', '--application-name'] },
  completion: { positional: () => ['bash', 'zsh', 'fish'] },
  config: { subcommands: ['list', 'get', 'set', 'unset'], afterSubcommand: () => SETTINGS.map((s) => s.name), noValueAfter: ['list'] },
};

/** What the words before the cursor say. */
interface LineState {
  globals: Map<string, string>;
  /** a global option waiting for its value */
  pendingGlobal?: string;
  command?: string;
  /** the operation (or `wait`, or a service extra) after a service */
  sub?: string;
  /** words after the sub-command (or after an own command) */
  rest: string[];
}

function readLine(words: readonly string[]): LineState {
  const st: LineState = { globals: new Map(), rest: [] };
  let i = 0;
  if (words[0] === 'aws' || words[0] === 'awsmsg') i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (st.pendingGlobal) {
      st.globals.set(st.pendingGlobal, w);
      st.pendingGlobal = undefined;
      continue;
    }
    const eq = w.indexOf('=');
    const flag = w.startsWith('--') && eq > 0 ? w.slice(0, eq) : w;
    if (GLOBAL_OPTION_FLAGS.includes(flag)) {
      if (flag !== w) st.globals.set(flag, w.slice(eq + 1));
      else if (GLOBAL_SWITCHES.has(w)) st.globals.set(w, '');
      else st.pendingGlobal = w;
      continue;
    }
    if (st.command === undefined && !w.startsWith('-')) {
      st.command = w;
      continue;
    }
    if (st.command && isService(st.command) && st.sub === undefined && !w.startsWith('-')) {
      st.sub = w;
      continue;
    }
    st.rest.push(w);
  }
  return st;
}

const isService = (w: string): w is ServiceName => (SERVICE_NAMES as readonly string[]).includes(w);

const byPrefix = (candidates: Iterable<string>, prefix: string): string[] => {
  const out = new Set<string>();
  for (const c of candidates) if (c.startsWith(prefix)) out.add(c);
  return [...out];
};

/** Candidates for the word `current`, given the finished words before it. */
export async function completeWords(words: readonly string[], current: string, cc: CompletionContext): Promise<string[]> {
  const st = readLine(words);
  if (st.pendingGlobal) return byPrefix(await globalValues(st.pendingGlobal, cc), current);
  if (st.command === undefined) {
    if (current.startsWith('-')) return byPrefix(GLOBAL_OPTION_FLAGS, current);
    const own = ownCommandNames().filter((n) => !n.startsWith('__') && !(cc.inShell && NOT_IN_SHELL.has(n)));
    const commands = [...SERVICE_NAMES, ...own, 'help'];
    return byPrefix(commands.sort(), current);
  }
  if (isService(st.command)) return completeService(st.command, st, current, cc);
  const spec = OWN_COMMANDS[st.command];
  if (!spec) return [];
  if (current.startsWith('-')) return byPrefix([...(spec.flags ?? []), '--help'], current);
  const positionals = st.rest.filter((w) => !w.startsWith('-'));
  if (spec.subcommands && positionals.length === 0) return byPrefix(spec.subcommands, current);
  if (spec.positional && positionals.length === 0) return byPrefix(spec.positional(), current);
  if (spec.afterSubcommand && positionals.length === 1 && !spec.noValueAfter?.includes(positionals[0]!)) {
    return byPrefix(spec.afterSubcommand(), current);
  }
  return [];
}

async function completeService(service: ServiceName, st: LineState, current: string, cc: CompletionContext): Promise<string[]> {
  const model = await loadModel(service);
  const waiterNames = Object.keys(model.waiters).map(kebab);
  if (st.sub === undefined) {
    if (current.startsWith('-')) return byPrefix(GLOBAL_OPTION_FLAGS, current);
    const names = Object.values(model.operations).map((o) => o.cli);
    if (waiterNames.length) names.push('wait');
    names.push(...serviceExtraNames(service), 'help');
    return byPrefix(names.sort(), current);
  }
  let opName: string | undefined;
  let rest = st.rest;
  if (st.sub === 'wait' && waiterNames.length) {
    const at = rest.findIndex((w) => !w.startsWith('-'));
    if (at < 0) return current.startsWith('-') ? [] : byPrefix(waiterNames, current);
    const waiter = Object.entries(model.waiters).find(([n]) => kebab(n) === rest[at]);
    opName = waiter?.[1].operation;
    rest = [...rest.slice(0, at), ...rest.slice(at + 1)];
  } else {
    opName = findOperation(model, st.sub)?.[0];
  }
  if (!opName) return [];
  return completeOperation(model, opName, rest, current, st, cc);
}

interface FlagInfo {
  flag: string;
  arg?: CliArg;
  /** how many values it takes: 0, 1, or 'many' (lists) */
  arity: 0 | 1 | 'many';
  required: boolean;
}

function operationFlags(model: ServiceModel, opName: string): FlagInfo[] {
  const op = model.operations[opName]!;
  const flags: FlagInfo[] = op.args
    .filter((a) => !a.hidden)
    .map((a) => ({ flag: `--${a.name}`, arg: a, arity: a.type === 'boolean' ? 0 : a.type === 'list' ? 'many' : 1, required: Boolean(a.required) }));
  flags.push({ flag: '--cli-input-json', arity: 1, required: false }, { flag: '--cli-input-yaml', arity: 1, required: false });
  const paginator = model.paginators[opName];
  if (paginator) {
    flags.push({ flag: '--starting-token', arity: 1, required: false });
    if (paginator.limit_key) flags.push({ flag: '--page-size', arity: 1, required: false });
    flags.push({ flag: '--max-items', arity: 1, required: false });
  }
  flags.push({ flag: '--generate-cli-skeleton', arity: 0, required: false });
  return flags;
}

async function completeOperation(
  model: ServiceModel,
  opName: string,
  rest: readonly string[],
  current: string,
  st: LineState,
  cc: CompletionContext,
): Promise<string[]> {
  const flags = operationFlags(model, opName);
  const byFlag = new Map(flags.map((f) => [f.flag, f]));
  const usedMembers = new Set<string>();
  const usedFlags = new Set<string>();
  const values = new Map<string, string[]>();
  let open: FlagInfo | undefined; // the flag whose values the next word may be
  let openCount = 0;
  for (const w of rest) {
    const f = byFlag.get(w);
    if (f) {
      usedFlags.add(w);
      if (f.arg) usedMembers.add(f.arg.member);
      open = f.arity === 0 ? undefined : f;
      openCount = 0;
      if (open) values.set(open.flag, []);
      continue;
    }
    if (open && !w.startsWith('--')) {
      values.get(open.flag)!.push(w);
      openCount++;
      if (open.arity === 1) open = undefined;
    } else {
      open = undefined;
    }
  }
  const freeFlags = () => {
    const free = flags.filter((f) => !usedFlags.has(f.flag) && !(f.arg && usedMembers.has(f.arg.member)));
    const required = free.filter((f) => f.required).map((f) => f.flag);
    const optional = free.filter((f) => !f.required).map((f) => f.flag);
    const globals = GLOBAL_OPTION_FLAGS.filter((g) => !st.globals.has(g));
    return [...required, ...optional, ...globals];
  };
  if (open && (openCount === 0 || !current.startsWith('-'))) {
    const candidates = byPrefix(await argValues(model, opName, open, values, st, cc), current);
    if (open.arity === 'many' && openCount > 0) return [...candidates, ...byPrefix(freeFlags(), current)];
    return candidates;
  }
  return byPrefix(freeFlags(), current);
}

async function argValues(
  model: ServiceModel,
  opName: string,
  f: FlagInfo,
  values: Map<string, string[]>,
  st: LineState,
  cc: CompletionContext,
): Promise<string[]> {
  if (f.flag === '--generate-cli-skeleton') return ['input', 'output', 'yaml-input'];
  if (!f.arg) return [];
  const op = model.operations[opName]!;
  const member = f.arg.member;
  const shape = memberShape(model, op.input, member);
  const enumValues = shape && enumOf(model, shape);
  if (enumValues) return enumValues;
  const known = KNOWN_VALUES[`${model.service}.${member}`];
  if (known) return [...known];
  if (shape?.type === 'structure') return structureHints(model, shape);
  const kinds = memberIdKinds(model.service, member);
  if (kinds.length === 0) return [];
  const flagValue = (name: string) => values.get(`--${name}`)?.[0];
  const hints = { streamName: flagValue('stream-name'), streamArn: flagValue('stream-arn'), topicArn: flagValue('topic-arn') };
  return withCtx(st, cc, async (ctx) => {
    if (!ctx.target) return liveIdentifiers(ctx, kinds as IdKind[], hints);
    // a remote target's names are kept briefly: Tab again answers at once, the Tab after refreshes
    const { cachedNames } = await import('../remote/complete.js');
    return cachedNames(JSON.stringify([ctx.target.label, ctx.region, kinds, hints]), () => liveIdentifiers(ctx, kinds as IdKind[], hints));
  });
}

function memberShape(model: ServiceModel, input: string | undefined, member: string): Shape | undefined {
  const ref = input ? model.shapes[input]?.members?.[member] : undefined;
  return ref ? model.shapes[ref.shape] : undefined;
}

/** The enum of a string shape, or of the members of a list of strings. */
function enumOf(model: ServiceModel, shape: Shape): string[] | undefined {
  if (shape.enum) return [...shape.enum];
  if (shape.type === 'list' && shape.member) return model.shapes[shape.member.shape]?.enum?.slice();
  return undefined;
}

/** Shorthand starts for a structure argument: `Member=` or, for enum members, `Member=VALUE`. */
function structureHints(model: ServiceModel, shape: Shape): string[] {
  const out: string[] = [];
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const e = model.shapes[ref.shape]?.enum;
    if (e) out.push(...e.map((v) => `${name}=${v}`));
    else out.push(`${name}=`);
  }
  return out;
}

async function globalValues(flag: string, cc: CompletionContext): Promise<string[]> {
  const choices = GLOBAL_CHOICES[flag];
  if (choices) return [...choices];
  if (flag === '--profile') {
    try {
      const { parseConfigFile } = await import('../cli/config.js');
      const path = cc.env.AWS_CONFIG_FILE || join(cc.env.HOME ?? '', '.aws', 'config');
      return [...parseConfigFile(readFileSync(path, 'utf8')).keys()];
    } catch {
      return [];
    }
  }
  return [];
}

/** Runs fn with a context for the line's state file and region; [] when there is no state yet. */
async function withCtx(st: LineState, cc: CompletionContext, fn: (ctx: Ctx) => Promise<string[]>): Promise<string[]> {
  const base = readLine(cc.baseArgs ?? []);
  const pick = (flag: string) => st.globals.get(flag) ?? base.globals.get(flag);
  let config;
  try {
    config = resolveConfig({ region: pick('--region'), profile: pick('--profile') }, cc.env);
  } catch {
    return [];
  }
  const remote = await remoteCtx(pick, (flag) => st.globals.has(flag) || base.globals.has(flag), cc, config);
  if (remote) {
    try {
      return await fn(remote);
    } catch {
      return [];
    }
  }
  const path = resolveStatePath(pick('--db'), cc.env);
  if (!existsSync(path)) return []; // completing must not create a state file
  let close: (() => void) | undefined;
  let store;
  try {
    if (cc.session) store = cc.session.store(path);
    else {
      const { openStore } = await import('../store/db.js');
      store = openStore(path);
      close = () => store!.close();
    }
    return await fn({ store, region: config.region, accountId: config.accountId });
  } catch {
    return [];
  } finally {
    close?.();
  }
}

/** A context on the remote target the line's options (or the environment) choose, if any. */
async function remoteCtx(
  pick: (flag: string) => string | undefined,
  has: (flag: string) => boolean,
  cc: CompletionContext,
  config: ReturnType<typeof resolveConfig>,
): Promise<Ctx | undefined> {
  const timeout = (flag: string) => (pick(flag) !== undefined && /^\d+$/.test(pick(flag)!) ? Number(pick(flag)) : undefined);
  const globals = {
    endpointUrl: pick('--endpoint-url'),
    remote: has('--remote'),
    profile: pick('--profile'),
    noSignRequest: has('--no-sign-request'),
    noVerifySsl: has('--no-verify-ssl'),
    caBundle: pick('--ca-bundle'),
    // a Tab must never hang: short timeouts and one attempt unless the line says otherwise
    cliReadTimeout: timeout('--cli-read-timeout') ?? 3,
    cliConnectTimeout: timeout('--cli-connect-timeout') ?? 3,
  } as GlobalOptions;
  const target = targetFromCli(globals, { ...cc.env, AWS_MAX_ATTEMPTS: '1' }, config);
  if (!target) return undefined;
  const { remoteCompletionCtx } = await import('../remote/complete.js');
  return remoteCompletionCtx(target, config);
}

const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** What readline needs: the candidates as they should be typed, and the text they replace. */
export interface LineCompletion {
  candidates: string[];
  /** the part of the line (the word under the cursor, as typed) that a candidate replaces */
  replaces: string;
}

/**
 * Completes the line up to the cursor: the candidates are written as they would be typed
 * (escaped, or continuing an open quote), and a single candidate gets its trailing space.
 */
export async function completeLine(line: string, cc: CompletionContext): Promise<LineCompletion> {
  const s = scan(line);
  if (s.inComment) return { candidates: [], replaces: '' };
  const replaces = line.slice(s.currentStart);
  const values = await completeWords(s.words, s.current, cc);
  const candidates = values.map((v) => replaces + continueWord(v.slice(s.current.length), s.openQuote));
  if (candidates.length === 1) {
    const close = s.openQuote ?? '';
    candidates[0] = `${candidates[0]}${close}${values[0]!.endsWith('=') ? '' : ' '}`;
  }
  return { candidates, replaces };
}

/** The rest of a word as typed after what is already there (inside a quote or bare). */
function continueWord(tail: string, quote: "'" | '"' | undefined): string {
  if (quote === "'") return tail.replace(/'/g, `'\\''`);
  if (quote === '"') return tail.replace(/["\\$`]/g, (c) => `\\${c}`);
  return tail.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (c) => `\\${c}`);
}
