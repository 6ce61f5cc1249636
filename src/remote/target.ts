/**
 * The remote target a command's context carries (ctx.target): settings only, so that it costs
 * nothing to build; the HTTP client, the signer and the credential chain load with the first
 * call. Built by the command line from its global options, the environment and the profile,
 * as the AWS CLI builds its clients.
 */
import type { OperationOutput } from '../core/call.js';
import type { RemoteTarget } from '../core/context.js';
import { CliError } from '../core/errors.js';
import type { ServiceName } from '../model/types.js';
import type { RemoteChoice } from './choose.js';
import type { RemoteClient } from './client.js';

export interface TargetSettings {
  choice: RemoteChoice;
  region: string;
  env: NodeJS.ProcessEnv;
  profile: string;
  profileFromFlag: boolean;
  /** the profile's settings (ca_bundle, max_attempts, retry_mode) */
  profileSettings: Record<string, string>;
  noSignRequest: boolean;
  noVerifySsl: boolean;
  caBundle?: string;
  /** seconds, 0 for none; 60 by default as in the AWS CLI */
  connectTimeout?: number;
  readTimeout?: number;
  debug?: (line: string) => void;
}

/** What an awsmsg server answers under /_awsmsg/ (health, clock). */
export interface OwnAnswer {
  status: number;
  body: unknown;
}

const CLIENTS = new Map<string, Promise<RemoteClient>>();

export class HttpTarget implements RemoteTarget {
  readonly label: string;
  private client?: Promise<RemoteClient>;

  constructor(readonly settings: TargetSettings) {
    this.label = settings.choice.label;
  }

  /** AWS itself answers (for services without an endpoint of their own) */
  get aws(): boolean {
    return this.settings.choice.aws;
  }

  /**
   * The client of these settings. One per process and settings: the lines of a shell, or a
   * tutorial's commands, share its credentials (resolved once, renewed before they expire)
   * and its connections.
   */
  private loadClient(): Promise<RemoteClient> {
    if (this.client) return this.client;
    const { debug, ...rest } = this.settings;
    const key = JSON.stringify(rest);
    let shared = CLIENTS.get(key);
    if (!shared) {
      shared = import('./client.js').then(async ({ RemoteClient }) => {
        const { clientOptions } = await import('./options.js');
        return new RemoteClient(clientOptions(this.settings));
      });
      CLIENTS.set(key, shared);
      // a client that could not be made (a bad CA bundle path) is not kept
      shared.catch(() => CLIENTS.delete(key));
    }
    // --debug of this command line, whoever made the client
    this.client = shared.then((c) => c.withDebug(debug));
    return this.client;
  }

  async call(service: ServiceName, operation: string, input: Record<string, unknown>, signal?: AbortSignal): Promise<OperationOutput> {
    return (await this.loadClient()).call(service, operation, input, signal);
  }

  /**
   * A call to an awsmsg server's own endpoints (/_awsmsg/health, /_awsmsg/clock), on the
   * endpoint SQS uses; undefined when the endpoint is not an awsmsg server.
   */
  async own(path: string, body?: unknown): Promise<OwnAnswer | undefined> {
    const { callOwnEndpoint } = await import('./own.js');
    const { clientOptions } = await import('./options.js');
    return callOwnEndpoint(clientOptions(this.settings), path, body);
  }
}

/** A command of awsmsg's own that works only on the local state file, refused on a remote target. */
export function localOnly(command: string, target: RemoteTarget, why: string): CliError {
  return new CliError(
    'usage',
    `${command} works on the local state file only (${why}); the target is ${target.label}. ` +
      'Run it without --endpoint-url and --remote (and with AWSMSG_TARGET=local if AWS_ENDPOINT_URL is set).',
  );
}
