/**
 * Static credentials as the AWS CLI finds them: the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; skipped when --profile names a profile, not when
 * AWS_PROFILE does, as botocore decides), then the shared credentials file
 * (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials), then the config file, for the
 * profile in use. The whole chain (roles, SSO, credential_process, containers), for signing
 * requests to a remote target, is src/remote/credentials.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { homeDir } from '../core/nodeOs.js';
import { parseConfigFile } from './config.js';

export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** where they came from, for messages: "environment", "shared-credentials-file", "config-file" */
  source: string;
}

function readSections(path: string): Map<string, Record<string, string>> {
  try {
    return parseConfigFile(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
}

function fromSection(s: Record<string, string> | undefined, source: string): StaticCredentials | undefined {
  if (!s?.aws_access_key_id || !s.aws_secret_access_key) return undefined;
  return { accessKeyId: s.aws_access_key_id, secretAccessKey: s.aws_secret_access_key, sessionToken: s.aws_session_token, source };
}

/** The profile's static credentials, or undefined when none are configured. */
export function staticCredentials(env: NodeJS.ProcessEnv, profileFlag?: string): StaticCredentials | undefined {
  const explicit = profileFlag ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE;
  if (profileFlag === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN, source: 'environment' };
  }
  const profile = explicit ?? 'default';
  const home = homeDir(env);
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  return (
    fromSection(readSections(credentialsFile).get(profile), 'shared-credentials-file') ??
    fromSection(readSections(configFile).get(profile), 'config-file')
  );
}
