/**
 * Which target a command works on: the local state file (the default), another endpoint
 * (--endpoint-url, or one configured as the AWS CLI v2 reads them), or AWS itself, which is
 * used only when asked for by name (--remote, AWSMSG_TARGET=aws) so that nobody reaches AWS by
 * accident.
 *
 * Endpoints are looked up per service in the AWS CLI v2's order: --endpoint-url; then, unless
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's ignore_configured_endpoint_urls) is
 * true, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the `endpoint_url` of the service in the
 * profile's `services` section, the profile's `endpoint_url`. Kept small: this module is on
 * every command's path; the HTTP client (./client.ts) loads on the first remote call.
 */
import { CliError } from '../core/errors.js';
import type { ServiceName } from '../model/types.js';

/** A target setting as AWSMSG_TARGET (or a stored setting) gives it: local, aws, or an endpoint's URL. */
export type TargetSetting = 'local' | 'aws' | { url: string; source: string };

export interface TargetInputs {
  /** --endpoint-url */
  endpointUrl?: string;
  /** --remote: AWS (or the configured endpoints) rather than the local file */
  remote?: boolean;
  env: NodeJS.ProcessEnv;
  /** the profile's settings (from the config file), and the whole file for its `services` sections */
  profileSettings: Record<string, string>;
  configSections: ReadonlyMap<string, Record<string, string>>;
  region: string;
  /** a setting stored with the state file (`awsmsg config set target aws`), below AWSMSG_TARGET */
  stored?: string;
}

export interface EndpointChoice {
  url: string;
  /** where the URL came from, for --debug and messages */
  source: string;
}

/** A remote target: where each service's calls go. */
export interface RemoteChoice {
  /** AWS itself is the target for services without an endpoint of their own */
  aws: boolean;
  /** for prompts and messages: the one endpoint, or "AWS" */
  label: string;
  /** the endpoint of a service; throws CliError('config') when the service has none */
  endpointFor(service: ServiceName): EndpointChoice;
}

/** The AWS CLI's service identifiers, as they appear in AWS_ENDPOINT_URL_<ID> and `services` sections. */
const SERVICE_IDS: Record<ServiceName, string> = { sqs: 'SQS', sns: 'SNS', kinesis: 'KINESIS' };

const isTrue = (v: string | undefined): boolean => v !== undefined && v.trim().toLowerCase() === 'true';

function parseSetting(value: string | undefined, from: string): TargetSetting | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (v === 'local' || v === 'aws') return v;
  if (/^https?:\/\/[^/]/i.test(value.trim())) return { url: value.trim(), source: from };
  throw new CliError('config', `${from} must be "local", "aws" or an endpoint's URL (http://host:port), not '${value}'.`);
}

/** The endpoint configured for a service (environment or config file), ignoring --endpoint-url. */
export function configuredEndpoint(service: ServiceName, inputs: TargetInputs): EndpointChoice | undefined {
  return configuredEndpointOf(SERVICE_IDS[service], inputs);
}

/** The same for any service by its AWS CLI identifier in upper case (STS, SSO: for credentials). */
export function configuredEndpointOf(id: string, inputs: Pick<TargetInputs, 'env' | 'profileSettings' | 'configSections'>): EndpointChoice | undefined {
  const { env, profileSettings: p } = inputs;
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === undefined && isTrue(p.ignore_configured_endpoint_urls))) {
    return undefined;
  }
  const byService = env[`AWS_ENDPOINT_URL_${id}`];
  if (byService) return { url: byService, source: `AWS_ENDPOINT_URL_${id}` };
  if (env.AWS_ENDPOINT_URL) return { url: env.AWS_ENDPOINT_URL, source: 'AWS_ENDPOINT_URL' };
  if (p.services) {
    const section = inputs.configSections.get(`services ${p.services}`);
    if (!section) {
      throw new CliError(
        'config',
        `The profile is configured to use the services section but the "${p.services}" services configuration does not exist.`,
      );
    }
    const url = section[`${id.toLowerCase()}.endpoint_url`];
    if (url) return { url, source: `the "${p.services}" services section of the config file` };
  }
  if (p.endpoint_url) return { url: p.endpoint_url, source: "the profile's endpoint_url" };
  return undefined;
}

/** AWS's own endpoint of a service in a region. */
export function awsEndpoint(service: ServiceName, region: string): string {
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${service}.${region}.${suffix}`;
}

/** The remote target the inputs choose, or undefined for the local state file. */
export function chooseTarget(inputs: TargetInputs): RemoteChoice | undefined {
  const setting = parseSetting(inputs.env.AWSMSG_TARGET, 'AWSMSG_TARGET') ?? parseSetting(inputs.stored, 'The target setting');
  // an endpoint named by the setting counts as --endpoint-url, below the flag (and --remote)
  const named = typeof setting === 'object' && !inputs.remote ? setting : undefined;
  const flag = inputs.endpointUrl ?? named?.url;
  const flagSource = inputs.endpointUrl !== undefined ? '--endpoint-url' : (named?.source ?? '');
  const aws = inputs.remote === true || (setting === 'aws' && flag === undefined);
  if (flag === undefined && !aws) {
    // AWSMSG_TARGET=local keeps everything local whatever endpoints the environment names
    if (setting === 'local') return undefined;
    const configured = (['sqs', 'sns', 'kinesis'] as const).map((s) => configuredEndpoint(s, inputs)).filter((e) => e !== undefined);
    if (configured.length === 0) return undefined;
  }
  const endpointFor = (service: ServiceName): EndpointChoice => {
    if (flag !== undefined) return { url: flag, source: flagSource };
    const configured = configuredEndpoint(service, inputs);
    if (configured) return configured;
    if (aws) return { url: awsEndpoint(service, inputs.region), source: 'AWS' };
    throw new CliError(
      'config',
      `No endpoint is configured for ${SERVICE_IDS[service]}, while other services have one. Set AWS_ENDPOINT_URL ` +
        `(every service) or AWS_ENDPOINT_URL_${SERVICE_IDS[service]}, use --endpoint-url, or --remote to send it to AWS.`,
    );
  };
  return { aws, label: targetLabel(inputs, aws, endpointFor), endpointFor };
}

function targetLabel(inputs: TargetInputs, aws: boolean, endpointFor: (s: ServiceName) => EndpointChoice): string {
  const urls = new Set<string>();
  for (const s of ['sqs', 'sns', 'kinesis'] as const) {
    try {
      const e = endpointFor(s);
      urls.add(e.source === 'AWS' ? 'AWS' : e.url);
    } catch {
      // a service without an endpoint is not part of the label
    }
  }
  if (urls.size === 1) {
    const only = [...urls][0]!;
    return only === 'AWS' ? `AWS ${inputs.region}` : only;
  }
  return aws ? `AWS ${inputs.region} (with configured endpoints)` : 'configured endpoints';
}
