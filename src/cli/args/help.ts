/**
 * Plain-text help in the layout of the AWS CLI's man pages: NAME, DESCRIPTION, SYNOPSIS
 * (every flag with `<value>`, optional ones in brackets, `--x | --no-x` pairs), OPTIONS (type,
 * [required], what it means, nested members, allowed values, ranges, shorthand and JSON
 * syntax), GLOBAL OPTIONS, EXAMPLES (real commands with their recorded output), OUTPUT.
 *
 * The structure comes from the service model; the words come from src/help/ (awsmsg's own
 * text, never AWS's), passed in by the caller so that these renderers stay synchronous and
 * the text is loaded only when help is asked for (src/cli/helpCommand.ts).
 */
import type { CliArg, ServiceModel, Shape, Waiter } from '../../model/types.js';
import type { HelpExample, OperationHelp, OwnCommandHelp, OwnOptionDoc, RecordedOutput } from '../../help/types.js';
import { OUTPUT_FORMATS, COLOR_MODES, BINARY_FORMATS, ERROR_FORMATS } from './globals.js';
import { supportsShorthand } from './shorthand.js';
import { waiterCliName } from '../../model/load.js';

export interface HelpOptions {
  /** the program name shown (default "awsmsg") */
  prog?: string;
}

/** A command listed by a help page, with one line on what it is for. */
export interface ListedCommand {
  name: string;
  summary: string;
}

const SECTION = ' '.repeat(7);
const BODY = 10;

interface GlobalOptionDoc {
  flag: string;
  type: string;
  text: string;
  choices?: readonly string[];
}

const GLOBAL_OPTION_DOCS: GlobalOptionDoc[] = [
  { flag: '--debug', type: 'boolean', text: 'Write debug logging (and the stack of an internal error) to standard error.' },
  { flag: '--endpoint-url', type: 'string', text: 'Send the calls to this endpoint (another awsmsg serve, moto, ...) instead of the local state file.' },
  { flag: '--no-verify-ssl', type: 'boolean', text: 'On a remote target: do not verify TLS certificates.' },
  { flag: '--no-paginate', type: 'boolean', text: 'Make one call and print the first page only, instead of every page.' },
  { flag: '--output', type: 'string', text: 'How the result is printed. The default comes from AWS_DEFAULT_OUTPUT, then the profile\'s output setting, then json.', choices: OUTPUT_FORMATS },
  { flag: '--query', type: 'string', text: 'A JMESPath expression applied to the result before printing, such as Messages[0].ReceiptHandle.' },
  { flag: '--profile', type: 'string', text: 'The profile of the AWS config file (AWS_CONFIG_FILE, default ~/.aws/config) to take region, output and cli_binary_format from.' },
  { flag: '--region', type: 'string', text: 'The region, overriding AWS_REGION, AWS_DEFAULT_REGION and the profile (default us-east-1). Resources of one region are not seen from another.' },
  { flag: '--version', type: 'string', text: 'Print the version and exit.' },
  { flag: '--color', type: 'string', text: 'Colour in the output: auto colours JSON on a terminal unless NO_COLOR is set.', choices: COLOR_MODES },
  { flag: '--no-sign-request', type: 'boolean', text: 'Do not load credentials or sign requests.' },
  { flag: '--ca-bundle', type: 'string', text: 'On a remote target: the CA certificates (PEM) to verify TLS with.' },
  { flag: '--cli-read-timeout', type: 'int', text: 'On a remote target: seconds to wait for an answer (60; 0 means no timeout).' },
  { flag: '--cli-connect-timeout', type: 'int', text: 'On a remote target: seconds to wait for a connection (60; 0 means no timeout).' },
  {
    flag: '--cli-binary-format',
    type: 'string',
    text: 'How blob arguments are read: base64 (the default) expects base64 text; raw-in-base64-out sends the text as given. fileb:// always sends the file bytes.',
    choices: BINARY_FORMATS,
  },
  {
    flag: '--no-cli-pager',
    type: 'boolean',
    text: 'Print help directly instead of through the pager (AWS_PAGER, the profile\'s cli_pager, PAGER, else less -R; only on a terminal). Command output is never paged.',
  },
  { flag: '--cli-auto-prompt', type: 'boolean', text: 'Accepted for compatibility.' },
  { flag: '--no-cli-auto-prompt', type: 'boolean', text: 'Accepted for compatibility.' },
  { flag: '--cli-error-format', type: 'string', text: 'How errors are printed.', choices: ERROR_FORMATS },
  { flag: '--db', type: 'string', text: 'The awsmsg state file (SQLite) to use, instead of $AWSMSG_DB or ~/.awsmsg/awsmsg.db.' },
  { flag: '--remote', type: 'boolean', text: 'Send the calls to AWS (or the endpoints configured) instead of the local state file.' },
];

function globalSynopsis(): string[] {
  return GLOBAL_OPTION_DOCS.map((o) => (o.type === 'boolean' ? `[${o.flag}]` : `[${o.flag} <value>]`));
}

function title(name: string): string[] {
  const head = `${name.toUpperCase()}()`;
  const gap = Math.max(1, 78 - 2 * head.length);
  return [`${head}${' '.repeat(gap)}${head}`, '', ''];
}

function wrap(text: string, indent: number, width = 78, hanging = indent): string[] {
  const out: string[] = [];
  let line = '';
  let pad = ' '.repeat(indent);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && pad.length + line.length + 1 + word.length > width) {
      out.push(pad + line);
      pad = ' '.repeat(hanging);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(pad + line);
  return out;
}

/**
 * Text of src/help/ (see src/help/types.ts for its markup) as lines at an indent: paragraphs
 * wrap, "- " lines are bullets, lines indented by four spaces are printed as they are.
 */
export function renderText(text: string, indent: number): string[] {
  const lines: string[] = [];
  for (const block of text.trim().split(/\n\s*\n/)) {
    if (lines.length) lines.push('');
    let paragraph: string[] = [];
    const flush = () => {
      if (paragraph.length) lines.push(...wrap(paragraph.join(' '), indent));
      paragraph = [];
    };
    let bullet: string[] | undefined;
    const flushBullet = () => {
      if (bullet) lines.push(...wrap(`o ${bullet.join(' ')}`, indent, 78, indent + 2));
      bullet = undefined;
    };
    for (const raw of block.split('\n')) {
      if (raw.startsWith('    ')) {
        flush();
        flushBullet();
        lines.push(' '.repeat(indent) + raw.slice(2).trimEnd());
      } else if (raw.trimStart().startsWith('- ')) {
        flush();
        flushBullet();
        bullet = [raw.trimStart().slice(2)];
      } else if (bullet && raw.trim()) {
        bullet.push(raw.trim());
      } else {
        paragraph.push(raw.trim());
      }
    }
    flush();
    flushBullet();
  }
  return lines;
}

/** The NAME section's line, wrapped under the name when long. */
function nameLine(name: string, summary: string | undefined): string[] {
  return wrap(`${name} -${summary ? ` ${summary}` : ''}`, 7, 78, 7 + name.length + 3);
}

function globalOptionsSection(): string[] {
  const lines = ['GLOBAL OPTIONS'];
  for (const o of GLOBAL_OPTION_DOCS) {
    lines.push(`${SECTION}${o.flag} (${o.type})`);
    lines.push(...wrap(o.text, BODY));
    if (o.choices) {
      lines.push('');
      for (const c of o.choices) lines.push(`${' '.repeat(BODY)}o ${c}`);
    }
    lines.push('');
  }
  return lines;
}

/** Names with their one-line summaries in two columns; a long name puts its summary on the next line. */
function commandList(commands: readonly ListedCommand[], indent = 7): string[] {
  const width = Math.min(24, Math.max(...commands.map((c) => c.name.length)));
  const lines: string[] = [];
  const summaryAt = indent + 2 + width + 2;
  for (const c of commands) {
    const head = `${' '.repeat(indent)}o ${c.name}`;
    if (!c.summary) {
      lines.push(head);
      continue;
    }
    const text = wrap(c.summary, summaryAt);
    if (c.name.length > width) lines.push(head, ...text);
    else lines.push(head.padEnd(summaryAt) + text[0]!.trimStart(), ...text.slice(1));
  }
  return lines;
}

export interface TopHelpContent {
  /** the services with what each is for */
  services: readonly ListedCommand[];
  /** awsmsg's own commands with what each is for */
  commands: readonly ListedCommand[];
}

/** `awsmsg help`: what awsmsg is, its services and its own commands, then the global options. */
export function renderTopHelp(content: TopHelpContent, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const lines = [
    ...title(prog),
    'NAME',
    `${SECTION}${prog} - Amazon SQS, SNS and Kinesis Data Streams on your own machine`,
    '',
    'DESCRIPTION',
    ...renderText(
      `${prog} runs the AWS CLI's commands for Amazon SQS, Amazon SNS and Amazon Kinesis Data Streams locally: the same commands, flags, output and errors as aws, with everything kept in one SQLite state file that any number of ${prog} processes share, and time taken from a clock you can move forward (${prog} clock advance).

New here? ${prog} tutorial lists short lessons that run real commands and explain what they print; ${prog} guide builds a command with you one question at a time; ${prog} on its own opens a shell where Tab completes services, operations, flags and the names of the queues, topics and streams that exist.

Programs reach the same state through ${prog} serve, which answers the AWS SDKs on a local port; and --endpoint-url (or --remote for AWS itself) points these commands, the shell and the dashboard at another endpoint.`,
      7,
    ),
    '',
    'SYNOPSIS',
    `${' '.repeat(BODY)}${prog} [options] <command> <subcommand> [parameters]`,
    '',
    ...wrap(
      `Use ${prog} <command> help for a service's operations, and ${prog} <command> <subcommand> help for a page on one of them: what it does, each parameter with its allowed values, an example with its output, and the fields of the result.`,
      7,
    ),
    '',
    'AVAILABLE SERVICES',
    ...commandList(content.services),
    '',
    `${prog.toUpperCase()} COMMANDS`,
    ...commandList(content.commands),
    '',
    ...wrap(`Each has a page: ${prog} <command> help. The services have extra commands of ${prog}'s own too, listed by ${prog} sns help and ${prog} kinesis help.`, 7),
    '',
    ...globalOptionsSection(),
  ];
  return lines.join('\n') + '\n';
}

export interface ServiceHelpContent {
  /** what the service is for (src/help/<service>.ts) */
  about?: string;
  /** one line per operation, by its API name */
  summaries: Readonly<Record<string, string>>;
  /** awsmsg's own commands for this service */
  extras: readonly ListedCommand[];
}

/** `awsmsg <service> help`: the service, its operations with one line each, then awsmsg's extras. */
export function renderServiceHelp(model: ServiceModel, content: ServiceHelpContent, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const commands: ListedCommand[] = Object.entries(model.operations).map(([name, op]) => ({
    name: op.cli,
    summary: content.summaries[name] ?? '',
  }));
  if (Object.keys(model.waiters).length) {
    commands.push({ name: 'wait', summary: `wait until a condition holds (${Object.keys(model.waiters).map(waiterCliName).join(', ')})` });
  }
  commands.sort((a, b) => (a.name < b.name ? -1 : 1));
  const lines = [
    ...title(model.service),
    'NAME',
    ...nameLine(model.service, model.serviceFullName),
    '',
    'DESCRIPTION',
    ...wrap(`${model.serviceFullName} (API version ${model.apiVersion}).`, 7),
    '',
    ...(content.about ? [...renderText(content.about, 7), ''] : []),
    ...wrap(`Run ${prog} ${model.service} <command> help for a command's page: its parameters, an example and its output.`, 7),
    '',
    'AVAILABLE COMMANDS',
    ...commandList(commands),
    '',
  ];
  if (content.extras.length) {
    lines.push(`${prog.toUpperCase()} COMMANDS FOR ${model.service.toUpperCase()}`);
    lines.push(...wrap(`Not part of AWS's API: ${prog}'s own, for what a local ${model.service} needs.`, 7), '');
    lines.push(...commandList(content.extras), '');
  }
  return lines.join('\n') + '\n';
}

/** `awsmsg <service> wait help`: the waiters. */
export function renderWaitersHelp(model: ServiceModel, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const lines = [
    ...title('wait'),
    'NAME',
    `${SECTION}wait -`,
    '',
    'DESCRIPTION',
    ...wrap(
      `Wait until a condition is true: each subcommand calls an operation again and again until its result says the condition holds (exit status 0), fails, or time runs out (exit status 255). Run ${prog} ${model.service} wait <subcommand> help for one.`,
      7,
    ),
    '',
    'AVAILABLE COMMANDS',
    ...commandList(Object.entries(model.waiters).map(([name, w]) => ({ name: waiterCliName(name), summary: waiterSummary(w, model) }))),
    '',
  ];
  return lines.join('\n') + '\n';
}

/** What a waiter waits for, said from its model: "until describe-stream says StreamDescription.StreamStatus is ACTIVE". */
function waiterSummary(w: Waiter, model: ServiceModel): string {
  const success = w.acceptors.find((a) => a.state === 'success');
  const cli = model.operations[w.operation]?.cli ?? w.operation;
  if (!success) return `polls ${cli}`;
  if (success.matcher === 'error') return `until ${cli} fails with ${String(success.expected)}`;
  return `until ${cli} says ${success.argument} is ${String(success.expected)}`;
}

export interface OperationHelpContent {
  /** one line on what the operation does */
  summary?: string;
  page?: OperationHelp;
  /** recorded outputs of the page's examples */
  recorded?: readonly RecordedOutput[];
}

/** `awsmsg <service> <command> help`. */
export function renderOperationHelp(opName: string, model: ServiceModel, content: OperationHelpContent = {}, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const op = model.operations[opName];
  if (!op) throw new Error(`unknown operation ${opName}`);
  const paginator = model.paginators[opName];
  const { page } = content;
  const lines = [...title(op.cli), 'NAME', ...nameLine(op.cli, content.summary), '', 'DESCRIPTION'];
  lines.push(...(page ? renderText(page.description, 7) : wrap(`Calls the ${model.serviceId} ${opName} operation.`, 7)));
  if (paginator) {
    lines.push('');
    lines.push(
      ...wrap(
        `${op.cli} is a paginated operation: ${prog} calls it as many times as it takes to print every result, merged. --max-items prints fewer (and a NextToken to go on from with --starting-token); --no-paginate makes one call only.`,
        7,
      ),
    );
  }
  lines.push('', ...operationBody(op.cli, opName, model, page, !!paginator, !!paginator?.limit_key));
  lines.push(...examplesSection(page?.examples ?? [], content.recorded ?? []));
  lines.push(...outputSection(op.output, model, page?.output ?? {}));
  return lines.join('\n') + '\n';
}

export interface WaiterHelpContent {
  description?: string;
  examples?: readonly HelpExample[];
  recorded?: readonly RecordedOutput[];
  /** the page of the operation the waiter polls, for its options */
  operationPage?: OperationHelp;
}

/** `awsmsg <service> wait <waiter> help`: the condition, then the polled operation's options. */
export function renderWaiterHelp(waiterName: string, model: ServiceModel, content: WaiterHelpContent = {}, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const waiter = model.waiters[waiterName];
  if (!waiter) throw new Error(`unknown waiter ${waiterName}`);
  const cli = waiterCliName(waiterName);
  const op = model.operations[waiter.operation]!;
  const lines = [...title(cli), 'NAME', ...nameLine(cli, `wait ${waiterSummary(waiter, model)}`), '', 'DESCRIPTION'];
  if (content.description) lines.push(...renderText(content.description, 7), '');
  lines.push(
    ...wrap(
      `${prog} calls ${op.cli} with these options until ${waiterSummary(waiter, model).replace(/^until /, '')}, then exits with status 0. The AWS CLI polls every ${waiter.delay} seconds, ${waiter.maxAttempts} times at most; ${prog} polls more often within the same ${waiter.delay * waiter.maxAttempts} seconds, so it returns as soon as the state changes. When time runs out, or the result says the condition can no longer come true, it prints "Waiter ${waiterName} failed: ..." and exits with status 255.`,
      7,
    ),
    '',
  );
  lines.push(...operationBody(`${cli}`, waiter.operation, model, content.operationPage, false, false));
  lines.push(...examplesSection(content.examples ?? [], content.recorded ?? []));
  lines.push('OUTPUT', `${SECTION}None`, '');
  return lines.join('\n') + '\n';
}

/** SYNOPSIS, OPTIONS and GLOBAL OPTIONS of an operation (or of a waiter, which takes its operation's options). */
function operationBody(cli: string, opName: string, model: ServiceModel, page: OperationHelp | undefined, paginated: boolean, hasLimit: boolean): string[] {
  const op = model.operations[opName]!;
  const visible = op.args.filter((a) => !a.hidden);
  const lines = ['SYNOPSIS', `${' '.repeat(12)}${cli}`];
  for (const entry of synopsisEntries(visible, paginated, hasLimit)) lines.push(`${' '.repeat(BODY)}${entry}`);
  for (const g of globalSynopsis()) lines.push(`${' '.repeat(BODY)}${g}`);
  lines.push('', 'OPTIONS');
  const input = op.input ? model.shapes[op.input] : undefined;
  const texts = page?.options ?? {};
  const documented = new Set<string>();
  for (const arg of visible) {
    if (arg.type === 'boolean') {
      if (documented.has(arg.member)) continue;
      documented.add(arg.member);
      const pair = visible.filter((a) => a.type === 'boolean' && a.member === arg.member).map((a) => `--${a.name}`);
      lines.push(`${SECTION}${pair.join(' | ')} (boolean)${arg.required ? ' [required]' : ''}`);
      if (texts[arg.member]) lines.push(...renderText(texts[arg.member]!, BODY));
      lines.push('');
      continue;
    }
    const shapeName = input?.members?.[arg.member]?.shape;
    lines.push(...optionDoc(arg, shapeName, model, texts));
  }
  lines.push(...customOptionDocs(paginated, hasLimit));
  lines.push(...globalOptionsSection());
  return lines;
}

function examplesSection(examples: readonly HelpExample[], recorded: readonly RecordedOutput[]): string[] {
  if (!examples.length) return [];
  const lines = ['EXAMPLES'];
  const code = (text: string) => text.split('\n').map((l) => `${' '.repeat(BODY)}${l}`.trimEnd());
  examples.forEach((ex, i) => {
    lines.push(...wrap(ex.title, 7), '');
    if (ex.setup?.length) lines.push(`${SECTION}Prepared with:`, '', ...ex.setup.flatMap(code), '');
    lines.push(`${SECTION}Command:`, '', ...code(ex.command), '');
    const out = recorded[i];
    // An output recorded for another command would mislead: show none until it is recorded again.
    if (out && out.command === ex.command) {
      lines.push(`${SECTION}Output:`, '');
      lines.push(...(out.output.trim() ? code(out.output.replace(/\n$/, '')) : [`${' '.repeat(BODY)}(nothing: the command prints nothing when it succeeds)`]), '');
    }
    if (ex.stopAfter) lines.push(...wrap('It runs until Ctrl-C: the output above is what it printed until then.', 7), '');
    if (ex.note) lines.push(...renderText(ex.note, 7), '');
  });
  return lines;
}

function outputSection(outputShape: string | undefined, model: ServiceModel, texts: Readonly<Record<string, string>>): string[] {
  const lines = ['OUTPUT'];
  const output = outputShape ? model.shapes[outputShape] : undefined;
  const members = Object.entries(output?.members ?? {});
  if (!members.length) lines.push(`${SECTION}None`, '');
  for (const [name, ref] of members) lines.push(...memberDoc(name, ref.shape, model, 7, [], false, name, texts, name));
  if (members.length) lines.push('');
  return lines;
}

/** The lines of an own command's option or argument. */
export interface OwnOptionLine {
  /** "--watch", "--application-name <name...>", "<duration>" */
  head: string;
  type: string;
  required: boolean;
  /** the key of its text in the page's options: "--watch", "duration" */
  key: string;
  /** commander's one-line description, used when the page has no text for it */
  fallback?: string;
  defaultValue?: string;
}

export interface OwnHelpContent {
  /** "clock", "clock advance", "sns outbox" */
  name: string;
  summary: string;
  page?: OwnCommandHelp;
  recorded?: readonly RecordedOutput[];
  /** the synopsis entries and options, from the command's definition */
  options: readonly OwnOptionLine[];
  arguments: readonly OwnOptionLine[];
  subcommands: readonly ListedCommand[];
}

/** `awsmsg <own command> help`, in the same layout as an operation's page. */
export function renderOwnCommandHelp(content: OwnHelpContent, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const { page } = content;
  const last = content.name.split(' ').at(-1)!;
  const lines = [...title(content.name.replace(/ /g, '-')), 'NAME', ...nameLine(content.name, content.summary), '', 'DESCRIPTION'];
  lines.push(...(page ? renderText(page.description, 7) : wrap(content.summary, 7)), '');
  lines.push('SYNOPSIS');
  if (page?.synopsis) {
    for (const s of page.synopsis) lines.push(`${' '.repeat(BODY)}${s}`);
  } else {
    lines.push(`${' '.repeat(12)}${prog} ${content.name}`);
    if (content.subcommands.length) lines.push(`${' '.repeat(BODY)}[${content.subcommands.map((c) => c.name).join(' | ')}]`);
    for (const a of content.arguments) lines.push(`${' '.repeat(BODY)}${a.required ? a.head : `[${a.head}]`}`);
    for (const o of content.options) lines.push(`${' '.repeat(BODY)}${o.required ? o.head : `[${o.head}]`}`);
  }
  lines.push('');
  if (content.subcommands.length) {
    lines.push('SUBCOMMANDS', ...commandList(content.subcommands), '');
    lines.push(...wrap(`Run ${prog} ${content.name} <subcommand> help for a subcommand's page.`, 7), '');
  }
  const texts = page?.options ?? {};
  const optionLines = (o: OwnOptionLine): string[] => {
    const out = [`${SECTION}${o.head} (${page?.types?.[o.key] ?? o.type})${o.required ? ' [required]' : ''}`];
    const text = texts[o.key] ?? o.fallback;
    if (text) out.push(...renderText(text, BODY));
    if (o.defaultValue !== undefined) out.push('', `${' '.repeat(BODY)}Default: ${o.defaultValue}`);
    out.push('');
    return out;
  };
  const flags: OwnOptionLine[] = (page?.flags ?? []).map((f: OwnOptionDoc) => ({ head: f.flag, type: f.type, required: !!f.required, key: f.flag, fallback: f.text }));
  const all = [...content.arguments, ...content.options, ...flags];
  if (all.length) {
    lines.push('OPTIONS');
    for (const o of all) lines.push(...optionLines(o));
  } else {
    lines.push('OPTIONS', `${SECTION}None of its own.`, '');
  }
  lines.push(
    'GLOBAL OPTIONS',
    ...wrap(`${last} takes the global options (${prog} help lists them all); --db, --region and, where it prints a result, --output and --query are the ones that matter here.`, 7),
    '',
  );
  lines.push(...examplesSection(page?.examples ?? [], content.recorded ?? []));
  if (page?.output) {
    lines.push('OUTPUT');
    for (const [name, text] of Object.entries(page.output)) lines.push(`${SECTION}${name}`, ...renderText(text, BODY), '');
  }
  return lines.join('\n') + '\n';
}

function synopsisEntries(args: CliArg[], paginated: boolean, hasLimit: boolean): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    let text: string;
    if (arg.type === 'boolean') {
      if (seen.has(arg.member)) continue;
      seen.add(arg.member);
      text = args.filter((a) => a.type === 'boolean' && a.member === arg.member).map((a) => `--${a.name}`).join(' | ');
    } else text = `--${arg.name} <value>`;
    out.push(arg.required ? text : `[${text}]`);
  }
  out.push('[--cli-input-json | --cli-input-yaml]');
  if (paginated) {
    out.push('[--starting-token <value>]');
    if (hasLimit) out.push('[--page-size <value>]');
    out.push('[--max-items <value>]');
  }
  out.push('[--generate-cli-skeleton <value>]');
  return out;
}

type Texts = Readonly<Record<string, string>>;

function optionDoc(arg: CliArg, shapeName: string | undefined, model: ServiceModel, texts: Texts): string[] {
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  const lines = [`${SECTION}--${arg.name} (${arg.type})${arg.required ? ' [required]' : ''}`];
  if (texts[arg.member]) lines.push(...renderText(texts[arg.member]!, BODY));
  if (!shape || !shapeName) return [...lines, ''];
  lines.push(...enumAndConstraints(shape, BODY));
  lines.push(...children(shape, model, BODY, [shapeName], arg.member, texts));
  if (supportsShorthand(shapeName, model)) {
    const example = shorthandExample(shapeName, model);
    if (example) {
      lines.push('', `${SECTION}Shorthand Syntax:`, '');
      for (const l of example.split('\n')) lines.push(`${' '.repeat(BODY)}${l}`.trimEnd());
    }
  }
  if (shape.type === 'list' && isScalar(model.shapes[shape.member!.shape])) {
    const t = jsonValueName(model.shapes[shape.member!.shape]!, false);
    lines.push('', `${SECTION}Syntax:`, '', `${' '.repeat(BODY)}${t} ${t} ...`);
  } else if (!isScalar(shape)) {
    lines.push('', `${SECTION}JSON Syntax:`, '');
    for (const l of jsonExample(shapeName, model, []).split('\n')) lines.push(`${' '.repeat(BODY)}${l}`);
  }
  lines.push('');
  return lines;
}

/**
 * What a structure, list or map contains, as the CLI's "Name -> (type) [required]" tree. A
 * list's entries and a map's values are not a level of their own in the texts' paths:
 * "Entries.Id" is the Id of each entry of --entries, "MessageAttributes.DataType" the DataType
 * of each attribute; "MessageAttributes.key" is a map's key.
 */
function children(shape: Shape, model: ServiceModel, indent: number, stack: string[], path: string, texts: Texts): string[] {
  const lines: string[] = [];
  if (shape.type === 'structure') {
    const req = new Set(shape.required ?? []);
    for (const [m, ref] of Object.entries(shape.members ?? {})) {
      lines.push(...memberDoc(m, ref.shape, model, indent, stack, req.has(m), `${path}.${m}`, texts, `${path}.${m}`));
    }
  } else if (shape.type === 'list') {
    lines.push(...memberDoc('', shape.member!.shape, model, indent, stack, false, undefined, texts, path));
  } else if (shape.type === 'map') {
    lines.push(...memberDoc('key', shape.key!.shape, model, indent, stack, false, `${path}.key`, texts, `${path}.key`));
    lines.push(...memberDoc('value', shape.value!.shape, model, indent, stack, false, undefined, texts, path));
  }
  return lines;
}

/** One member of the tree: its head, its text (at `textKey`), then what it contains (paths under `path`). */
function memberDoc(
  name: string,
  shapeName: string,
  model: ServiceModel,
  indent: number,
  stack: string[],
  required: boolean,
  textKey: string | undefined,
  texts: Texts,
  path: string,
): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [];
  const pad = ' '.repeat(indent);
  if (stack.includes(shapeName)) {
    return stack.filter((s) => s === shapeName).length > 1 || shape.type !== 'structure' ? [] : [`${pad}( ... recursive ... )`];
  }
  const head = `${name ? `${name} -> ` : ''}(${shape.type})${required ? ' [required]' : ''}`;
  const lines = ['', pad + head];
  const text = textKey === undefined ? undefined : texts[textKey];
  if (text) lines.push(...renderText(text, indent + 3));
  lines.push(...enumAndConstraints(shape, indent + 3));
  stack.push(shapeName);
  lines.push(...children(shape, model, indent + 3, stack, path, texts));
  stack.pop();
  return lines;
}

function enumAndConstraints(shape: Shape, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (shape.type === 'string' && shape.enum?.length) {
    lines.push('', `${pad}Possible values:`, '', ...shape.enum.map((e) => `${pad}o ${e}`));
  }
  const bounds = boundsText(shape);
  if (bounds.length) lines.push('', `${pad}Constraints:`, '', ...bounds.map((b) => `${pad}o ${b}`));
  return lines;
}

/** The model's min, max and pattern, said for what they bound: a length, a value or a number of entries. */
function boundsText(shape: Shape): string[] {
  const out: string[] = [];
  const what = shape.type === 'string' || shape.type === 'blob' ? 'length' : shape.type === 'list' || shape.type === 'map' ? 'entries' : 'value';
  const { min, max } = shape;
  if (min !== undefined && max !== undefined) out.push(`${what}: ${min} to ${max}`);
  else if (min !== undefined) out.push(`${what}: at least ${min}`);
  else if (max !== undefined) out.push(`${what}: at most ${max}`);
  if (shape.pattern !== undefined) out.push(`pattern: ${shape.pattern}`);
  return out;
}

function customOptionDocs(paginated: boolean, hasLimit: boolean): string[] {
  const docs: [string, string, string][] = [
    ['--cli-input-json | --cli-input-yaml', 'string', 'Read the parameters from JSON (or YAML) in the format --generate-cli-skeleton prints; options given on the command line override them. The two cannot be used together.'],
  ];
  if (paginated) {
    docs.push(['--starting-token', 'string', 'Where to start paginating: the NextToken of a previously truncated output.']);
    if (hasLimit) docs.push(['--page-size', 'integer', 'How many items each service call returns. It does not change the number of items printed.']);
    docs.push(['--max-items', 'integer', 'The total number of items to print. When more are available, a NextToken is printed; pass it to --starting-token to continue.']);
  }
  docs.push(['--generate-cli-skeleton', 'string', 'Print a parameter skeleton instead of running the command: input (JSON, the default), yaml-input, or output (after checking the other parameters).']);
  const lines: string[] = [];
  for (const [flag, type, text] of docs) lines.push(`${SECTION}${flag} (${type})`, ...wrap(text, BODY), '');
  return lines;
}

const SCALAR_TYPES = new Set(['string', 'integer', 'long', 'boolean', 'double', 'float', 'blob', 'timestamp']);
const isScalar = (s: Shape | undefined): boolean => !!s && SCALAR_TYPES.has(s.type);

class TooComplex extends Error {}

/** The CLI's shorthand example for an argument ("Id=string,MessageBody=string ..."). */
export function shorthandExample(shapeName: string, model: ServiceModel): string {
  const shape = model.shapes[shapeName];
  if (!shape) return '';
  const stack: string[] = [];
  try {
    if (shape.type === 'list') return `${shorthandDocs(shape.member!.shape, model, stack)} ...`;
    return shorthandDocs(shapeName, model, stack);
  } catch (e) {
    if (e instanceof TooComplex) return '';
    throw e;
  }
}

function shorthandDocs(shapeName: string, model: ServiceModel, stack: string[]): string {
  if (stack.length > 3) throw new TooComplex();
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') {
    const parts = Object.entries(shape.members ?? {}).map(([name, ref]) => {
      if (stack.includes(ref.shape)) return `${name}=( ... recursive ... )`;
      stack.push(ref.shape);
      try {
        return `${name}=${shorthandDocs(ref.shape, model, stack)}`;
      } finally {
        stack.pop();
      }
    });
    const inner = parts.join(',');
    return stack.length ? `{${inner}}` : inner;
  }
  if (shape.type === 'list') {
    const member = shape.member!.shape;
    stack.push(member);
    let element: string;
    try {
      element = shorthandDocs(member, model, stack);
    } finally {
      stack.pop();
    }
    const complex = ['structure', 'list', 'map'].includes(model.shapes[member]!.type);
    return complex || stack.length > 1 ? `[${element},${element}]` : `${element},${element}`;
  }
  if (shape.type === 'map') {
    const value = shape.value!.shape;
    stack.push(value);
    let valueDocs: string;
    try {
      valueDocs = shorthandDocs(value, model, stack);
    } finally {
      stack.pop();
    }
    let start = `KeyName1=${valueDocs},KeyName2=${valueDocs}`;
    const keyEnum = model.shapes[shape.key!.shape]?.enum;
    if (keyEnum?.length && !stack.length) {
      start += '\n\nWhere valid key names are:\n' + keyEnum.map((e) => `  ${e}\n`).join('');
    } else if (stack.length) start = `{${start}}`;
    return start;
  }
  return shape.type;
}

function jsonValueName(shape: Shape, includeEnum = true): string {
  if (shape.type === 'string') return shape.enum?.length && includeEnum ? shape.enum.map((c) => `"${c}"`).join('|') : '"string"';
  if (shape.type === 'boolean') return 'true|false';
  return shape.type;
}

/** The CLI's "JSON Syntax" example of a complex argument. */
export function jsonExample(shapeName: string, model: ServiceModel, stack: string[], indent = 0): string {
  const shape = model.shapes[shapeName]!;
  if (stack.includes(shapeName)) {
    return stack.filter((s) => s === shapeName).length > 1 || shape.type !== 'structure' ? '' : '{ ... recursive ... }';
  }
  stack.push(shapeName);
  try {
    const pad = ' '.repeat(indent + 2);
    const end = ' '.repeat(indent);
    if (shape.type === 'list') {
      const member = model.shapes[shape.member!.shape]!;
      if (isScalar(member)) return `[${jsonValueName(member)}, ...]`;
      return `[\n${pad}${jsonExample(shape.member!.shape, model, stack, indent + 2)}\n${pad}...\n${end}]`;
    }
    if (shape.type === 'map') {
      const key = jsonValueName(model.shapes[shape.key!.shape]!);
      const valueShape = model.shapes[shape.value!.shape]!;
      const value = isScalar(valueShape) ? jsonValueName(valueShape) : jsonExample(shape.value!.shape, model, stack, indent + 2);
      return `{${key}: ${value}\n${pad}...}`;
    }
    if (shape.type === 'structure') {
      const members = Object.entries(shape.members ?? {}).map(([name, ref]) => {
        const m = model.shapes[ref.shape]!;
        return `${pad}"${name}": ${isScalar(m) ? jsonValueName(m) : jsonExample(ref.shape, model, stack, indent + 2)}`;
      });
      return `{\n${members.join(',\n')}\n${end}}`;
    }
    return jsonValueName(shape);
  } finally {
    stack.pop();
  }
}
