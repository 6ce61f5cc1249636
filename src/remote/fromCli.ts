/**
 * The remote target of a command line, if it has one: from its global options
 * (--endpoint-url, --remote, --no-sign-request, --no-verify-ssl, --ca-bundle, the timeouts),
 * the environment and the profile. Light: only settings are built here.
 */
import type { GlobalOptions } from '../cli/args/globals.js';
import type { ResolvedConfig } from '../cli/config.js';
import { chooseTarget } from './choose.js';
import { HttpTarget } from './target.js';

export function targetFromCli(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
  config: ResolvedConfig,
  opts: { debug?: (line: string) => void; stored?: string } = {},
): HttpTarget | undefined {
  const profileSettings = config.sections.get(config.profile) ?? {};
  const choice = chooseTarget({
    endpointUrl: globals.endpointUrl,
    remote: globals.remote,
    env,
    profileSettings,
    configSections: config.sections,
    region: config.region,
    stored: opts.stored,
  });
  if (!choice) return undefined;
  return new HttpTarget({
    choice,
    region: config.region,
    env,
    profile: config.profile,
    profileFromFlag: globals.profile !== undefined,
    profileSettings,
    noSignRequest: globals.noSignRequest,
    noVerifySsl: globals.noVerifySsl,
    caBundle: globals.caBundle,
    connectTimeout: globals.cliConnectTimeout,
    readTimeout: globals.cliReadTimeout,
    debug: opts.debug,
  });
}
