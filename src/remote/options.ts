/**
 * The client's options from a target's settings, as the AWS CLI derives them: timeouts from
 * --cli-connect-timeout / --cli-read-timeout (60 s each by default, 0 for none), the CA bundle
 * from --ca-bundle, AWS_CA_BUNDLE or the profile's ca_bundle, attempts from AWS_MAX_ATTEMPTS or
 * the profile's max_attempts (3 in standard retry mode, 5 in legacy).
 */
import { readFileSync } from 'node:fs';
import { CliError } from '../core/errors.js';
import type { ClientOptions } from './client.js';
import type { TargetSettings } from './target.js';

const DEFAULT_TIMEOUT_S = 60;

export function clientOptions(s: TargetSettings): ClientOptions {
  const caPath = s.caBundle ?? s.env.AWS_CA_BUNDLE ?? s.profileSettings.ca_bundle;
  let ca: Buffer | undefined;
  if (caPath) {
    try {
      ca = readFileSync(caPath);
    } catch (e) {
      throw new CliError('other', `Could not find a suitable TLS CA certificate bundle, invalid path: ${caPath} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  return {
    choice: s.choice,
    region: s.region,
    env: s.env,
    profile: s.profile,
    profileFromFlag: s.profileFromFlag,
    noSignRequest: s.noSignRequest,
    transport: {
      verifySsl: !s.noVerifySsl,
      ...(ca ? { ca } : {}),
      connectTimeoutMs: (s.connectTimeout ?? DEFAULT_TIMEOUT_S) * 1000,
      readTimeoutMs: (s.readTimeout ?? DEFAULT_TIMEOUT_S) * 1000,
    },
    maxAttempts: maxAttempts(s),
    retryMode: retryMode(s) === 'legacy' ? 'legacy' : 'standard',
    debug: s.debug,
  };
}

function maxAttempts(s: TargetSettings): number {
  const text = s.env.AWS_MAX_ATTEMPTS ?? s.profileSettings.max_attempts;
  if (text !== undefined && text !== '') {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new CliError('config', `Invalid value for max_attempts: ${text}. It must be a whole number of 1 or more.`);
    return n;
  }
  return retryMode(s) === 'legacy' ? 5 : 3;
}

/** standard (the AWS CLI v2's default), legacy, or adaptive (standard's rules, here) */
const retryMode = (s: TargetSettings): string => s.env.AWS_RETRY_MODE ?? s.profileSettings.retry_mode ?? 'standard';
