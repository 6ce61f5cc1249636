/**
 * Plain-text help in the layout of the AWS CLI's man pages: NAME, SYNOPSIS (every flag with
 * `<value>`, optional ones in brackets, `--x | --no-x` pairs), OPTIONS (type, [required],
 * nested members, allowed values, constraints, shorthand and JSON syntax), GLOBAL OPTIONS,
 * OUTPUT. Everything comes from the service model; AWS's documentation prose is not
 * shipped, so descriptions are left out.
 */
import type { CliArg, ServiceModel, Shape } from '../../model/types.js';
import { OUTPUT_FORMATS, COLOR_MODES, BINARY_FORMATS, ERROR_FORMATS } from './globals.js';
import { supportsShorthand } from './shorthand.js';

export interface HelpOptions {
  /** the program name shown (default "awsmsg") */
  prog?: string;
  /** services listed by the top-level help (default sqs, sns, kinesis) */
  services?: readonly string[];
}

const SECTION = ' '.repeat(7);

interface GlobalOptionDoc {
  flag: string;
  type: string;
  text: string;
  choices?: readonly string[];
}

const GLOBAL_OPTION_DOCS: GlobalOptionDoc[] = [
  { flag: '--debug', type: 'boolean', text: 'Write debug logging to standard error.' },
  { flag: '--endpoint-url', type: 'string', text: 'Send the calls to this endpoint (another awsmsg serve, moto, ...) instead of the local state file.' },
  { flag: '--no-verify-ssl', type: 'boolean', text: 'On a remote target: do not verify TLS certificates.' },
  { flag: '--no-paginate', type: 'boolean', text: 'Make one call and print the first page only, instead of every page.' },
  { flag: '--output', type: 'string', text: 'How the result is printed.', choices: OUTPUT_FORMATS },
  { flag: '--query', type: 'string', text: 'A JMESPath expression applied to the result before printing.' },
  { flag: '--profile', type: 'string', text: 'The profile of the AWS config and credentials files to use.' },
  { flag: '--region', type: 'string', text: 'The region, overriding environment and profile.' },
  { flag: '--version', type: 'string', text: 'Print the version and exit.' },
  { flag: '--color', type: 'string', text: 'Color in the output.', choices: COLOR_MODES },
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
  { flag: '--no-cli-pager', type: 'boolean', text: 'Do not send output through a pager.' },
  { flag: '--cli-auto-prompt', type: 'boolean', text: 'Accepted for compatibility.' },
  { flag: '--no-cli-auto-prompt', type: 'boolean', text: 'Accepted for compatibility.' },
  { flag: '--cli-error-format', type: 'string', text: 'How errors are printed.', choices: ERROR_FORMATS },
  { flag: '--db', type: 'string', text: 'The awsmsg state file (SQLite) to use.' },
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

function wrap(text: string, indent: number, width = 78): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && pad.length + line.length + 1 + word.length > width) {
      out.push(pad + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(pad + line);
  return out;
}

function globalOptionsSection(): string[] {
  const lines = ['GLOBAL OPTIONS'];
  for (const o of GLOBAL_OPTION_DOCS) {
    lines.push(`${SECTION}${o.flag} (${o.type})`);
    lines.push(...wrap(o.text, 10));
    if (o.choices) {
      lines.push('');
      for (const c of o.choices) lines.push(`${' '.repeat(10)}o ${c}`);
    }
    lines.push('');
  }
  return lines;
}

/** `awsmsg help`. */
export function renderTopHelp(opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const services = [...(opts.services ?? ['sqs', 'sns', 'kinesis'])].sort();
  const lines = [
    ...title(prog),
    'NAME',
    `${SECTION}${prog} -`,
    '',
    'DESCRIPTION',
    ...wrap(
      `${prog} runs the Amazon SQS, Amazon SNS and Amazon Kinesis Data Streams commands of the AWS CLI locally, keeping all state in one SQLite file.`,
      7,
    ),
    '',
    'SYNOPSIS',
    `${' '.repeat(10)}${prog} [options] <command> <subcommand> [parameters]`,
    '',
    ...wrap(
      `Use ${prog} command help for information on a specific command. The synopsis for each command shows its parameters and their usage. Optional parameters are shown in square brackets.`,
      7,
    ),
    '',
    ...globalOptionsSection(),
    'AVAILABLE SERVICES',
    ...services.map((s) => `${SECTION}o ${s}`),
    '',
  ];
  return lines.join('\n') + '\n';
}

/** `awsmsg <service> help`: the service and its commands. */
export function renderServiceHelp(model: ServiceModel, opts: HelpOptions = {}): string {
  const prog = opts.prog ?? 'awsmsg';
  const commands = Object.values(model.operations).map((o) => o.cli);
  if (Object.keys(model.waiters).length) commands.push('wait');
  commands.sort();
  const lines = [
    ...title(model.service),
    'NAME',
    `${SECTION}${model.service} -`,
    '',
    'DESCRIPTION',
    ...wrap(`${model.serviceFullName} (API version ${model.apiVersion}).`, 7),
    '',
    ...wrap(`Run ${prog} ${model.service} <command> help for a command's parameters.`, 7),
    '',
    'AVAILABLE COMMANDS',
    ...commands.map((c) => `${SECTION}o ${c}`),
    '',
  ];
  return lines.join('\n') + '\n';
}

/** `awsmsg <service> <command> help`. */
export function renderOperationHelp(opName: string, model: ServiceModel, _opts: HelpOptions = {}): string {
  const op = model.operations[opName];
  if (!op) throw new Error(`unknown operation ${opName}`);
  const paginator = model.paginators[opName];
  const visible = op.args.filter((a) => !a.hidden);
  const lines = [...title(op.cli), 'NAME', `${SECTION}${op.cli} -`, '', 'DESCRIPTION'];
  lines.push(...wrap(`Calls the ${model.serviceId} ${opName} operation.`, 7));
  if (paginator) {
    lines.push('');
    lines.push(
      ...wrap(
        `${op.cli} is a paginated operation. Multiple API calls may be issued in order to retrieve the entire data set of results. You can disable pagination by providing the --no-paginate argument.`,
        7,
      ),
    );
  }
  lines.push('', 'SYNOPSIS', `${' '.repeat(12)}${op.cli}`);
  for (const entry of synopsisEntries(visible, !!paginator, !!paginator?.limit_key)) lines.push(`${' '.repeat(10)}${entry}`);
  for (const g of globalSynopsis()) lines.push(`${' '.repeat(10)}${g}`);
  lines.push('', 'OPTIONS');
  const input = op.input ? model.shapes[op.input] : undefined;
  const documented = new Set<string>();
  for (const arg of visible) {
    if (arg.type === 'boolean') {
      if (documented.has(arg.member)) continue;
      documented.add(arg.member);
      const pair = visible.filter((a) => a.type === 'boolean' && a.member === arg.member).map((a) => `--${a.name}`);
      lines.push(`${SECTION}${pair.join(' | ')} (boolean)${arg.required ? ' [required]' : ''}`, '');
      continue;
    }
    const shapeName = input?.members?.[arg.member]?.shape;
    lines.push(...optionDoc(arg, shapeName, model));
  }
  lines.push(...customOptionDocs(!!paginator, !!paginator?.limit_key));
  lines.push(...globalOptionsSection());
  lines.push('OUTPUT');
  const output = op.output ? model.shapes[op.output] : undefined;
  const members = Object.entries(output?.members ?? {});
  if (!members.length) lines.push(`${SECTION}None`, '');
  for (const [name, ref] of members) lines.push(...memberDoc(name, ref.shape, model, 7, [], false));
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

function optionDoc(arg: CliArg, shapeName: string | undefined, model: ServiceModel): string[] {
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  const lines = [`${SECTION}--${arg.name} (${arg.type})${arg.required ? ' [required]' : ''}`];
  if (!shape || !shapeName) return [...lines, ''];
  lines.push(...enumAndConstraints(shape, 10));
  lines.push(...nestedDocs(shapeName, shape, model));
  if (supportsShorthand(shapeName, model)) {
    const example = shorthandExample(shapeName, model);
    if (example) {
      lines.push('', `${SECTION}Shorthand Syntax:`, '');
      for (const l of example.split('\n')) lines.push(`${' '.repeat(10)}${l}`.trimEnd());
    }
  }
  if (shape.type === 'list' && isScalar(model.shapes[shape.member!.shape])) {
    const t = jsonValueName(model.shapes[shape.member!.shape]!, false);
    lines.push('', `${SECTION}Syntax:`, '', `${' '.repeat(10)}${t} ${t} ...`);
  } else if (!isScalar(shape)) {
    lines.push('', `${SECTION}JSON Syntax:`, '');
    for (const l of jsonExample(shapeName, model, []).split('\n')) lines.push(`${' '.repeat(10)}${l}`);
  }
  lines.push('');
  return lines;
}

function nestedDocs(shapeName: string, shape: Shape, model: ServiceModel): string[] {
  const lines: string[] = [];
  if (shape.type === 'structure') {
    const required = new Set(shape.required ?? []);
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      lines.push(...memberDoc(name, ref.shape, model, 10, [shapeName], required.has(name)));
    }
  } else if (shape.type === 'list') {
    lines.push(...memberDoc('', shape.member!.shape, model, 10, [shapeName], false));
  } else if (shape.type === 'map') {
    lines.push(...memberDoc('key', shape.key!.shape, model, 10, [shapeName], false));
    lines.push(...memberDoc('value', shape.value!.shape, model, 10, [shapeName], false));
  }
  return lines;
}

/** A member and what it contains, as the CLI's "Name -> (type) [required]" tree. */
function memberDoc(name: string, shapeName: string, model: ServiceModel, indent: number, stack: string[], required: boolean): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [];
  const pad = ' '.repeat(indent);
  if (stack.includes(shapeName)) {
    return stack.filter((s) => s === shapeName).length > 1 || shape.type !== 'structure' ? [] : [`${pad}( ... recursive ... )`];
  }
  const head = `${name ? `${name} -> ` : ''}(${shape.type})${required ? ' [required]' : ''}`;
  const lines = ['', pad + head, ...enumAndConstraints(shape, indent + 3)];
  stack.push(shapeName);
  if (shape.type === 'structure') {
    const req = new Set(shape.required ?? []);
    for (const [m, ref] of Object.entries(shape.members ?? {})) lines.push(...memberDoc(m, ref.shape, model, indent + 3, stack, req.has(m)));
  } else if (shape.type === 'list') {
    lines.push(...memberDoc('', shape.member!.shape, model, indent + 3, stack, false));
  } else if (shape.type === 'map') {
    lines.push(...memberDoc('key', shape.key!.shape, model, indent + 3, stack, false));
    lines.push(...memberDoc('value', shape.value!.shape, model, indent + 3, stack, false));
  }
  stack.pop();
  return lines;
}

function enumAndConstraints(shape: Shape, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (shape.type === 'string' && shape.enum?.length) {
    lines.push('', `${pad}Possible values:`, '', ...shape.enum.map((e) => `${pad}o ${e}`));
  }
  const constraints = (['min', 'max', 'pattern'] as const).filter((k) => shape[k] !== undefined);
  if (constraints.length) {
    lines.push('', `${pad}Constraints:`, '', ...constraints.map((k) => `${pad}o ${k}: ${String(shape[k])}`));
  }
  return lines;
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
  for (const [flag, type, text] of docs) lines.push(`${SECTION}${flag} (${type})`, ...wrap(text, 10), '');
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
