/**
 * A CLI sandbox whose state file this process can also work on through the operation layer:
 * set-up and checks run in-process (cheap), the behaviour under test through bin/awsmsg.
 * Both share one SQLite file (WAL), as two awsmsg processes would.
 */
import type { Ctx } from '../../src/core/context.js';
import type { ServiceName } from '../../src/model/types.js';
import { loadHandlers } from '../../src/services/registry.js';
import { openStore, type Store } from '../../src/store/db.js';
import { cliSandbox, type CliResult, type CliSandbox } from './cli.js';

export interface CliState {
  sandbox: CliSandbox;
  region: string;
  /** the operation layer's context in the sandbox's region and account */
  readonly ctx: Ctx;
  /** an operation of any service, in this process, on the sandbox's state file */
  call(service: ServiceName, op: string, input?: Record<string, unknown>, region?: string): Promise<any>;
  /** moves the state file's clock forward */
  advance(ms: number): void;
  /** bin/awsmsg with the sandbox's region and account */
  run(args: string[], env?: NodeJS.ProcessEnv): CliResult;
  close(): void;
}

export function cliState(region = 'us-east-1', accountId = '123456789012'): CliState {
  const sandbox = cliSandbox();
  sandbox.env.AWSMSG_ACCOUNT_ID = accountId;
  sandbox.env.AWS_DEFAULT_REGION = region;
  let store: Store | undefined;
  const open = (): Store => (store ??= openStore(sandbox.db));
  const ctxFor = (r: string): Ctx => ({ store: open(), region: r, accountId });
  return {
    sandbox,
    region,
    get ctx() {
      return ctxFor(region);
    },
    async call(service, op, input = {}, r = region) {
      const handler = (await loadHandlers(service))[op];
      if (!handler) throw new Error(`no ${service} operation ${op}`);
      return (await handler(ctxFor(r), input)) ?? {};
    },
    advance: (ms) => void open().clock.advance(ms),
    run: (args, env) => sandbox.run(args, { env }),
    close() {
      store?.close();
      store = undefined;
      sandbox.cleanup();
    },
  };
}
