/**
 * `--generate-cli-skeleton`: a sample of an input or output shape, built as the AWS CLI
 * builds it (botocore's ArgumentGenerator): structures with every member, lists with one
 * element, maps with one "KeyName" entry, "" for strings (the member name in an output
 * skeleton), 0 / 0.0 / true, the epoch for timestamps, nothing for blobs; a structure met a
 * second time inside itself becomes {}.
 */
import type { ServiceModel, Shape } from '../../model/types.js';

export type SkeletonKind = 'input' | 'output' | 'yaml-input';

/** Marks a blob in a YAML skeleton (printed as `!!binary ''`). */
export const YAML_BINARY = Symbol('yaml-binary');

/**
 * The skeleton object. Strings with an enum take the first allowed value (the CLI picks one
 * at random). Timestamps are Date(0); blobs are null (JSON) or YAML_BINARY (yaml-input).
 */
export function skeletonFor(shapeName: string | undefined, model: ServiceModel, kind: SkeletonKind): unknown {
  if (shapeName === undefined) return {};
  return generate(shapeName, model, kind, [], '');
}

function generate(shapeName: string, model: ServiceModel, kind: SkeletonKind, stack: string[], name: string): unknown {
  const shape = model.shapes[shapeName];
  if (!shape) return null;
  stack.push(shapeName);
  try {
    switch (shape.type) {
      case 'structure':
        return structure(shapeName, shape, model, kind, stack);
      case 'list': {
        const memberName = kind === 'output' ? shape.member!.shape : '';
        return [generate(shape.member!.shape, model, kind, stack, memberName)];
      }
      case 'map':
        return { KeyName: generate(shape.value!.shape, model, kind, stack, '') };
      case 'string':
        if (kind === 'output') return name;
        return shape.enum?.length ? shape.enum[0] : '';
      case 'integer':
      case 'long':
        return 0;
      case 'float':
      case 'double':
        return 0;
      case 'boolean':
        return true;
      case 'timestamp':
        return new Date(0);
      case 'blob':
        return kind === 'yaml-input' ? YAML_BINARY : null;
      default:
        return null;
    }
  } finally {
    stack.pop();
  }
}

function structure(shapeName: string, shape: Shape, model: ServiceModel, kind: SkeletonKind, stack: string[]): unknown {
  if (stack.filter((s) => s === shapeName).length > 1) return {};
  const out: Record<string, unknown> = {};
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    out[member] = generate(ref.shape, model, kind, stack, member);
  }
  return out;
}

/** Which numbers of a skeleton are floats (0.0), so that text renderings can show them so. */
function isFloatShape(shapeName: string, model: ServiceModel): boolean {
  const t = model.shapes[shapeName]?.type;
  return t === 'float' || t === 'double';
}

/**
 * The text the CLI prints for `--generate-cli-skeleton input` (JSON, 4-space indent, ASCII
 * escapes) or `yaml-input` (YAML with "# [REQUIRED]" and valid-value comments; the CLI's
 * comments also carry the first sentence of AWS's documentation, which awsmsg does not ship).
 */
export function renderSkeleton(shapeName: string | undefined, model: ServiceModel, kind: 'input' | 'yaml-input'): string {
  if (kind === 'input') {
    const value = skeletonFor(shapeName, model, 'input');
    return jsonText(value, shapeName, model, 0) + '\n';
  }
  if (shapeName === undefined) return '{}\n';
  const lines: string[] = [];
  yamlStructure(shapeName, model, [shapeName], 0, lines, false);
  return lines.length ? lines.join('\n') + '\n' : '{}\n';
}

function jsonText(value: unknown, shapeName: string | undefined, model: ServiceModel, depth: number): string {
  const pad = ' '.repeat(4 * (depth + 1));
  const end = ' '.repeat(4 * depth);
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  if (value === null) return 'null';
  if (value instanceof Date) return '"1970-01-01T00:00:00"';
  if (typeof value === 'number') return shapeName && isFloatShape(shapeName, model) ? '0.0' : String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return asciiJson(value);
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    const member = shape?.member?.shape;
    return `[\n${value.map((v) => pad + jsonText(v, member, model, depth + 1)).join(',\n')}\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return '{}';
  const child = (k: string): string | undefined =>
    shape?.type === 'map' ? shape.value?.shape : shape?.members?.[k]?.shape;
  return `{\n${entries.map(([k, v]) => `${pad}${asciiJson(k)}: ${jsonText(v, child(k), model, depth + 1)}`).join(',\n')}\n${end}}`;
}

/** JSON string with non-ASCII escaped, as Python's json.dump does by default. */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function yamlScalar(shapeName: string, model: ServiceModel): string {
  const shape = model.shapes[shapeName]!;
  switch (shape.type) {
    case 'string':
      return shape.enum?.length ? yamlString(shape.enum[0]!) : "''";
    case 'integer':
    case 'long':
      return '0';
    case 'float':
    case 'double':
      return '0.0';
    case 'boolean':
      return 'true';
    case 'timestamp':
      return '1970-01-01 00:00:00';
    case 'blob':
      return "!!binary ''";
    default:
      return '';
  }
}

function yamlString(s: string): string {
  return /^[A-Za-z][A-Za-z0-9_.\-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s) ? s : `'${s.replace(/'/g, "''")}'`;
}

function comment(required: boolean, shapeName: string, model: ServiceModel): string {
  const parts: string[] = [];
  if (required) parts.push('[REQUIRED]');
  const e = model.shapes[shapeName]?.enum;
  if (e?.length) parts.push(`Valid values are: ${e.join(', ')}.`);
  return parts.length ? `  # ${parts.join(' ')}` : '';
}

/** Emit a structure's members at an indent; inside a list the first key follows "- ". */
function yamlStructure(shapeName: string, model: ServiceModel, stack: string[], indent: number, lines: string[], inList: boolean): void {
  const shape = model.shapes[shapeName]!;
  const required = new Set(shape.required ?? []);
  let first = true;
  for (const [member, ref] of Object.entries(shape.members ?? {})) {
    const lead = inList && first ? ' '.repeat(indent - 2) + '- ' : ' '.repeat(indent);
    first = false;
    yamlMember(`${lead}${member}:`, ref.shape, model, stack, indent, lines, comment(required.has(member), ref.shape, model));
  }
  if (first && inList) lines.push(' '.repeat(indent - 2) + '- {}');
}

function yamlMember(head: string, shapeName: string, model: ServiceModel, stack: string[], indent: number, lines: string[], note: string): void {
  const shape = model.shapes[shapeName]!;
  if (shape.type === 'structure') {
    // a structure already being generated further out is not expanded again
    if (stack.includes(shapeName) || !Object.keys(shape.members ?? {}).length) {
      lines.push(`${head} {}${note}`);
      return;
    }
    lines.push(`${head}${note}`);
    stack.push(shapeName);
    yamlStructure(shapeName, model, stack, indent + 2, lines, false);
    stack.pop();
    return;
  }
  if (shape.type === 'list') {
    lines.push(`${head}${note}`);
    yamlListItem(shape.member!.shape, model, stack, indent, lines);
    return;
  }
  if (shape.type === 'map') {
    lines.push(`${head}${note}`);
    yamlMember(`${' '.repeat(indent + 2)}KeyName:`, shape.value!.shape, model, stack, indent + 2, lines, '');
    return;
  }
  lines.push(`${head} ${yamlScalar(shapeName, model)}${note}`);
}

function yamlListItem(shapeName: string, model: ServiceModel, stack: string[], indent: number, lines: string[]): void {
  const shape = model.shapes[shapeName]!;
  const dash = ' '.repeat(indent) + '- ';
  if (shape.type === 'structure') {
    if (stack.includes(shapeName) || !Object.keys(shape.members ?? {}).length) {
      lines.push(`${dash}{}`);
      return;
    }
    stack.push(shapeName);
    yamlStructure(shapeName, model, stack, indent + 2, lines, true);
    stack.pop();
    return;
  }
  if (shape.type === 'list') {
    lines.push(`${dash}-`);
    return;
  }
  if (shape.type === 'map') {
    yamlMember(`${dash}KeyName:`, shape.value!.shape, model, stack, indent + 2, lines, '');
    return;
  }
  lines.push(`${dash}${yamlScalar(shapeName, model)}`);
}
