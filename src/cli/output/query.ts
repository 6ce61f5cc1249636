/**
 * --query: JMESPath as the AWS CLI evaluates it, with jmespath.py.
 *
 * The AWS CLI compiles the expression with jmespath.py when it parses its arguments and, on a
 * bad one, fails with "Bad value for --query EXPR: <jmespath.py's error>" (exit 252). Parsing
 * and evaluation here follow jmespath.py (jmespathParser.ts, jmespathEval.ts), so the answers,
 * and the errors raised while searching (printed as they are, exit 255), are the CLI's.
 *
 * The CLI queries what its parsers produced, where blobs are base64 text and timestamps ISO
 * 8601 text; Buffers and Dates are turned into those strings before the search.
 */
import { CliError } from '../../core/errors.js';
import { evaluate, isKnownFunction, JmesPathRuntimeError } from './jmespathEval.js';
import { JmesPathError, parseJmesPath, type Node } from './jmespathParser.js';
import { toCliData } from './values.js';

export interface CompiledQuery {
  readonly expression: string;
  /** a function the expression calls that jmespath.py does not have (search fails on it) */
  readonly unknownFunction?: string;
  search(data: unknown): unknown;
}

/** Compile --query, or throw the CLI's usage error for a bad expression. */
export function compileQuery(expression: string): CompiledQuery {
  let ast: Node;
  try {
    ast = parseJmesPath(expression);
  } catch (e) {
    if (e instanceof JmesPathError) throw new CliError('usage', `Bad value for --query ${expression}: ${e.message}`);
    throw e;
  }
  return {
    expression,
    unknownFunction: firstUnknownFunction(ast),
    search(data: unknown): unknown {
      try {
        return evaluate(ast, toCliData(data));
      } catch (e) {
        if (e instanceof JmesPathRuntimeError) throw new CliError('other', e.message);
        throw e;
      }
    },
  };
}

/** The first function the expression calls that jmespath.py lacks, if any. */
function firstUnknownFunction(node: Node): string | undefined {
  if (node.type === 'function' && !isKnownFunction(node.name)) return node.name;
  if (node.type === 'literal') return undefined; // its value is data, not nodes
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      // a child node, or a multi_select_dict's [key, node] pair
      const candidate = Array.isArray(child) ? child[1] : child;
      if (candidate && typeof candidate === 'object' && 'type' in candidate) {
        const found = firstUnknownFunction(candidate as Node);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** Apply --query to a (shaped) response. A result of null prints as null (json) or None (text). */
export function applyQuery(data: unknown, expression: string): unknown {
  return compileQuery(expression).search(data);
}
