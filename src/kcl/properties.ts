/**
 * The KCL MultiLangDaemon's `.properties` file: Java properties syntax, and the keys the
 * daemon reads, mapped to the worker's options. Keys about AWS credentials, endpoints,
 * metrics and thread pools mean nothing here and are ignored, as are keys this worker does
 * not know.
 */
import { LocalError } from '../core/errors.js';
import type { WorkerOptions } from './config.js';
import type { InitialPosition } from './shardSync.js';

/** Parses Java properties text (key = value, key: value or key value; # and ! comments; \ continuations and escapes). */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
      line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    }
    if (endsWithOddBackslashes(line)) line = line.slice(0, -1);
    const [key, value] = splitKeyValue(line);
    out.set(unescape(key), unescape(value));
  }
  return out;
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function splitKeyValue(line: string): [string, string] {
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
    i++;
  }
  const key = line.slice(0, i);
  let rest = line.slice(i).replace(/^[ \t\f]+/, '');
  if (rest.startsWith('=') || rest.startsWith(':')) rest = rest.slice(1).replace(/^[ \t\f]+/, '');
  return [key, rest];
}

function unescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ t: '\t', n: '\n', r: '\r', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

/** What a properties file sets: worker options, plus the region and the record processor's command. */
export interface PropertiesConfig {
  options: Partial<WorkerOptions>;
  executableName?: string;
  regionName?: string;
  /** keys present but not used by this worker */
  ignored: string[];
  /** the retrieval mode was not given (DEFAULT): polling flags still make it POLLING */
  defaultRetrieval?: boolean;
}

const POSITIONS: readonly InitialPosition[] = ['TRIM_HORIZON', 'LATEST', 'AT_TIMESTAMP'];

type NumericKey =
  | 'failoverTimeMillis'
  | 'maxRecords'
  | 'idleTimeBetweenReadsInMillis'
  | 'shardSyncIntervalMillis'
  | 'parentShardPollIntervalMillis'
  | 'maxLeasesForWorker'
  | 'maxLeasesToStealAtOneTime'
  | 'taskBackoffTimeMillis'
  | 'timeoutInSeconds';

const NUMERIC: Record<NumericKey, { min: number; max?: number }> = {
  failoverTimeMillis: { min: 1 },
  maxRecords: { min: 1, max: 10_000 },
  idleTimeBetweenReadsInMillis: { min: 0 },
  shardSyncIntervalMillis: { min: 1 },
  parentShardPollIntervalMillis: { min: 1 },
  maxLeasesForWorker: { min: 1 },
  maxLeasesToStealAtOneTime: { min: 1 },
  taskBackoffTimeMillis: { min: 1 },
  timeoutInSeconds: { min: 1 },
};

const BOOLEAN = ['callProcessRecordsEvenForEmptyRecordList', 'cleanupLeasesUponShardCompletion'] as const;

/** A whole number within bounds, or a usage error naming where it came from. */
export function parseWholeNumber(text: string, name: string, bounds: { min: number; max?: number }): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || (bounds.max !== undefined && n > bounds.max)) {
    const range = bounds.max === undefined ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
    throw new LocalError('invalid-input', `Invalid value for ${name}: '${text}' (a whole number ${range}).`);
  }
  return n;
}

export function parseInitialPosition(text: string, name: string): InitialPosition {
  const p = text.trim().toUpperCase();
  if (!(POSITIONS as readonly string[]).includes(p)) {
    throw new LocalError('invalid-input', `Invalid value for ${name}: '${text}' (TRIM_HORIZON, LATEST or AT_TIMESTAMP).`);
  }
  return p as InitialPosition;
}

/** The settings that make the MultiLangDaemon's DEFAULT retrieval mode polling. */
const POLLING_KEYS = ['maxRecords', 'idleTimeBetweenReadsInMillis', 'retryGetRecordsInSeconds', 'maxGetRecordsThreadPool'];

const RETRIEVAL_MODES = ['FANOUT', 'POLLING', 'DEFAULT'] as const;

export function parseRetrievalMode(text: string): (typeof RETRIEVAL_MODES)[number] {
  const mode = text.trim().toUpperCase();
  if (!(RETRIEVAL_MODES as readonly string[]).includes(mode)) {
    throw new LocalError('invalid-input', `Unknown retrieval type '${text}'. Available retrieval types: (${RETRIEVAL_MODES.join(', ')})`);
  }
  return mode as (typeof RETRIEVAL_MODES)[number];
}

export function configFromProperties(props: Map<string, string>): PropertiesConfig {
  let retrievalMode: (typeof RETRIEVAL_MODES)[number] = 'DEFAULT';
  const options: Partial<WorkerOptions> = {};
  const ignored: string[] = [];
  const config: PropertiesConfig = { options, ignored };
  for (const [key, value] of props) {
    if (key in NUMERIC) {
      options[key as NumericKey] = parseWholeNumber(value, key, NUMERIC[key as NumericKey]);
    } else if ((BOOLEAN as readonly string[]).includes(key)) {
      options[key as (typeof BOOLEAN)[number]] = value.trim().toLowerCase() === 'true';
    } else {
      switch (key) {
        case 'executableName':
          config.executableName = value;
          break;
        case 'streamName':
          options.streamName = value;
          break;
        case 'applicationName':
          options.applicationName ??= value;
          break;
        case 'tableName':
          if (value !== '') options.applicationName = value;
          break;
        case 'workerId':
        case 'workerIdentifier':
          if (value !== '') options.workerId = value;
          break;
        case 'regionName':
          if (value !== '') config.regionName = value;
          break;
        case 'initialPositionInStream':
          options.initialPositionInStream = parseInitialPosition(value, key);
          break;
        case 'retrievalMode':
          retrievalMode = parseRetrievalMode(value);
          break;
        case 'consumerName':
          if (value !== '') options.consumerName = value;
          break;
        case 'consumerArn':
          if (value !== '') options.consumerArn = value;
          break;
        case 'initialPositionInStreamExtended': {
          const secs = parseWholeNumber(value, key, { min: 0 });
          options.initialPositionInStream = 'AT_TIMESTAMP';
          options.initialPositionTimestamp = new Date(secs * 1000);
          break;
        }
        default:
          ignored.push(key);
      }
    }
  }
  // DEFAULT is fan-out, unless a polling setting is there (the MultiLangDaemon's rule; flags
  // that set one count too: resolveConsume)
  const pollingSet = POLLING_KEYS.some((k) => props.has(k));
  options.retrievalMode = retrievalMode === 'DEFAULT' ? (pollingSet ? 'POLLING' : 'FANOUT') : retrievalMode;
  config.defaultRetrieval = retrievalMode === 'DEFAULT';
  // the stream consumer is named after the application, even when tableName names the lease table
  const application = props.get('applicationName');
  if (options.consumerName === undefined && props.get('tableName') && application) options.consumerName = application;
  // whatever the order of the lines: tableName wins over applicationName, a timestamp over a position
  const table = props.get('tableName');
  if (table) options.applicationName = table;
  if (options.initialPositionTimestamp) options.initialPositionInStream = 'AT_TIMESTAMP';
  if (options.initialPositionInStream === 'AT_TIMESTAMP' && !options.initialPositionTimestamp) {
    throw new LocalError('invalid-input', 'initialPositionInStream AT_TIMESTAMP needs initialPositionInStreamExtended (the time, in epoch seconds).');
  }
  return config;
}
