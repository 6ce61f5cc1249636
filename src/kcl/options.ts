/**
 * Worker options from what a user gives: a KCL `.properties` file, flags that override it,
 * or flags alone. Shared by `awsmsg kinesis consume` and the worker process entry.
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../core/fsErrors.js';
import { resolve } from 'node:path';
import { LocalError } from '../core/errors.js';
import type { ProcessorSpec, WorkerOptions } from './config.js';
import { configFromProperties, parseProperties } from './properties.js';

export interface ConsumeRequest {
  /** a .properties file (relative to cwd) */
  properties?: string;
  streamName?: string;
  applicationName?: string;
  /** a shell command run per batch */
  exec?: string;
  /** a MultiLangDaemon record processor command (overrides executableName) */
  multilang?: string;
  workerId?: string;
  initialPosition?: WorkerOptions['initialPositionInStream'];
  initialPositionTimestamp?: Date;
  failoverTimeMillis?: number;
  maxRecords?: number;
  idleTimeBetweenReadsInMillis?: number;
  retrievalMode?: WorkerOptions['retrievalMode'];
  consumerName?: string;
  /** any other option, as the properties keys name them */
  extra?: Partial<WorkerOptions>;
  /** where the record processors run: the current directory */
  cwd: string;
}

export interface ResolvedConsume {
  options: WorkerOptions;
  /** the properties file's regionName, if any */
  regionName?: string;
  /** properties keys present but not used */
  ignored: string[];
}

function readProperties(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new LocalError('invalid-input', `Unable to read the properties file ${path}: ${fsReason(e)}.`);
  }
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function resolveConsume(req: ConsumeRequest): ResolvedConsume {
  const file = req.properties === undefined ? undefined : resolve(req.cwd, req.properties);
  const props = file === undefined ? { options: {}, ignored: [] as string[] } : configFromProperties(parseProperties(readProperties(file)));
  const executableName = 'executableName' in props ? props.executableName : undefined;
  if (req.exec !== undefined && req.multilang !== undefined) {
    throw new LocalError('invalid-input', 'Give either --exec (a shell command per batch) or --multilang (a KCL record processor), not both.');
  }
  let processor: ProcessorSpec;
  if (req.exec !== undefined) processor = { kind: 'exec', command: req.exec, cwd: req.cwd };
  else if (req.multilang !== undefined) processor = { kind: 'multilang', command: req.multilang, cwd: req.cwd };
  else if (executableName !== undefined && executableName.trim() !== '') processor = { kind: 'multilang', command: executableName, cwd: req.cwd };
  else if (file !== undefined) {
    throw new LocalError('invalid-input', `Must provide an executable name in the properties file ${file}, e.g. executableName = node processor.js`);
  } else {
    throw new LocalError('invalid-input', 'Give a record processor: --exec COMMAND, --multilang COMMAND, or --properties FILE with executableName.');
  }
  const options = {
    ...props.options,
    ...defined({
      streamName: req.streamName,
      applicationName: req.applicationName,
      workerId: req.workerId,
      failoverTimeMillis: req.failoverTimeMillis,
      maxRecords: req.maxRecords,
      idleTimeBetweenReadsInMillis: req.idleTimeBetweenReadsInMillis,
      retrievalMode: req.retrievalMode,
      consumerName: req.consumerName,
    }),
    ...(req.extra ?? {}),
    processor,
  } as Partial<WorkerOptions>;
  // the MultiLangDaemon's DEFAULT retrieval is polling once a polling setting is given, by flag too
  const pollingFlags = req.maxRecords !== undefined || req.idleTimeBetweenReadsInMillis !== undefined;
  if (req.retrievalMode === undefined && 'defaultRetrieval' in props && props.defaultRetrieval && pollingFlags) {
    options.retrievalMode = 'POLLING';
  }
  // a consumer named by flag wins over the file's consumerArn
  if (req.consumerName !== undefined) delete options.consumerArn;
  if (req.initialPosition !== undefined) {
    options.initialPositionInStream = req.initialPosition;
    if (req.initialPosition !== 'AT_TIMESTAMP') delete options.initialPositionTimestamp;
  }
  if (req.initialPositionTimestamp !== undefined) {
    options.initialPositionTimestamp = req.initialPositionTimestamp;
    options.initialPositionInStream ??= 'AT_TIMESTAMP';
  }
  if (options.initialPositionInStream === 'AT_TIMESTAMP' && options.initialPositionTimestamp === undefined) {
    throw new LocalError('invalid-input', 'The AT_TIMESTAMP initial position needs a timestamp (--initial-position-timestamp).');
  }
  if (!options.streamName) throw new LocalError('invalid-input', 'Give the stream to consume: --stream-name, or streamName in the properties file.');
  if (!options.applicationName) {
    throw new LocalError('invalid-input', 'Give the application: --application-name, or applicationName in the properties file.');
  }
  return { options: options as WorkerOptions, ...(props.regionName ? { regionName: props.regionName } : {}), ignored: props.ignored };
}

