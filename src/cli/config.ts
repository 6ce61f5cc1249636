import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../core/errors.js';
import { homeDir } from '../core/nodeOs.js';
import { DEFAULT_ACCOUNT_ID } from '../core/context.js';

import { OUTPUT_FORMATS, type BinaryFormat, type OutputFormat } from './args/globals.js';

export type { BinaryFormat, OutputFormat };

/** What the AWS CLI would use for this command, from flags, environment and the config file. */
export interface ResolvedConfig {
  profile: string;
  region: string;
  output: OutputFormat;
  binaryFormat: BinaryFormat;
  accountId: string;
  /** the profile's cli_pager (help goes through it on a terminal; empty turns paging off) */
  cliPager?: string;
  /** the config file's sections, for settings read later (endpoints, a remote target's) */
  sections: Map<string, Record<string, string>>;
}

export interface ConfigFlags {
  profile?: string;
  region?: string;
  output?: string;
  cliBinaryFormat?: string;
}

/** Parses an AWS config file: `[default]` and `[profile NAME]` sections of key = value lines. */
export function parseConfigFile(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  let parent: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (header) {
      const name = header[1]!.replace(/^profile\s+/, '');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      parent = undefined;
      continue;
    }
    if (!current) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    // Indented lines continue a nested setting (`sqs =` then `  endpoint_url = ...` in a
    // [services name] section): kept as "sqs.endpoint_url".
    if (/^\s/.test(raw)) {
      if (parent !== undefined) current[`${parent}.${key}`] = value;
      continue;
    }
    current[key] = value;
    parent = value === '' ? key : undefined;
  }
  return sections;
}

function readConfigFile(env: NodeJS.ProcessEnv): Map<string, Record<string, string>> {
  const path = env.AWS_CONFIG_FILE || join(homeDir(env), '.aws', 'config');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return new Map();
  }
  return parseConfigFile(text);
}

/** A profile may live in the shared credentials file alone, as the AWS CLI allows. */
function inCredentialsFile(profile: string, env: NodeJS.ProcessEnv): boolean {
  const path = env.AWS_SHARED_CREDENTIALS_FILE || join(homeDir(env), '.aws', 'credentials');
  try {
    return parseConfigFile(readFileSync(path, 'utf8')).has(profile);
  } catch {
    return false;
  }
}

const REGION_FORMAT = /^[a-z0-9][a-z0-9-]{0,62}$/i;

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv): ResolvedConfig {
  const explicitProfile = flags.profile ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  const profile = explicitProfile ?? 'default';
  const file = readConfigFile(env);
  const settings = file.get(profile);
  if (explicitProfile !== undefined && !settings && !inCredentialsFile(profile, env)) {
    throw new CliError('config', `The config profile (${profile}) could not be found`);
  }
  const s = settings ?? {};
  const region = flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? s.region ?? 'us-east-1';
  if (!REGION_FORMAT.test(region)) {
    throw new CliError('config', `Provided region_name '${region}' doesn't match a supported format.`);
  }
  const output = (flags.output ?? env.AWS_DEFAULT_OUTPUT ?? s.output ?? 'json') as OutputFormat;
  if (!(OUTPUT_FORMATS as readonly string[]).includes(output)) {
    throw new CliError('config', `Unknown output type: ${output}`);
  }
  const binaryFormat = (flags.cliBinaryFormat ?? s.cli_binary_format ?? 'base64') as BinaryFormat;
  if (binaryFormat !== 'base64' && binaryFormat !== 'raw-in-base64-out') {
    throw new CliError('config', `Unknown cli_binary_format: ${binaryFormat}`);
  }
  const accountId = env.AWSMSG_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) {
    throw new CliError('config', `AWSMSG_ACCOUNT_ID must be 12 digits, not '${accountId}'.`);
  }
  return { profile, region, output, binaryFormat, accountId, sections: file, ...(s.cli_pager === undefined ? {} : { cliPager: s.cli_pager }) };
}
