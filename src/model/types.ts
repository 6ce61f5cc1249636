/** The trimmed AWS service model (src/model/data/<service>.json, made by generate.py). */

export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean'
  | 'double' | 'float' | 'blob' | 'timestamp';

export interface MemberRef {
  shape: string;
  /** the member's name on the wire (query and XML protocols) */
  locationName?: string;
  /** the query-era wire name of a service that moved to JSON (SQS); see generate.py */
  queryName?: string;
  flattened?: boolean;
  deprecated?: boolean;
  /** an event's member that is the whole event payload */
  eventpayload?: boolean;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  timestampFormat?: string;
  eventstream?: boolean;
  event?: boolean;
  box?: boolean;
  sensitive?: boolean;
  flattened?: boolean;
  deprecated?: boolean;
  locationName?: string;
  queryName?: string;
  union?: boolean;
}

/** One argument of the AWS CLI's argument table for an operation. */
export interface CliArg {
  /** flag name without the leading dashes, e.g. "queue-url", "no-return-subscription-arn" */
  name: string;
  /** the input member it fills, e.g. "QueueUrl" */
  member: string;
  /** the AWS CLI's type name for the argument */
  type: 'string' | 'integer' | 'long' | 'boolean' | 'list' | 'map' | 'structure' | 'blob' | 'timestamp' | 'double' | 'float';
  required?: boolean;
  /** accepted but not shown in help (the AWS CLI hides raw pagination parameters) */
  hidden?: boolean;
  /** for booleans: true for the --no-x form, false for --x */
  negative?: boolean;
}

export interface OperationModel {
  /** the command name, e.g. "send-message" */
  cli: string;
  args: CliArg[];
  input?: string;
  output?: string;
  resultWrapper?: string;
  errors: string[];
}

export interface Paginator {
  input_token: string | string[];
  output_token: string | string[];
  limit_key?: string;
  more_results?: string;
  result_key: string | string[];
  non_aggregate_keys?: string[];
}

export interface WaiterAcceptor {
  expected: string | number | boolean;
  matcher: 'path' | 'pathAll' | 'pathAny' | 'status' | 'error';
  state: 'success' | 'failure' | 'retry';
  argument?: string;
}

export interface Waiter {
  delay: number;
  operation: string;
  maxAttempts: number;
  acceptors: WaiterAcceptor[];
}

export interface ServiceModel {
  service: 'sqs' | 'sns' | 'kinesis';
  apiVersion: string;
  protocol: string;
  serviceId: string;
  serviceFullName: string;
  endpointPrefix: string;
  awsQueryCompatible: boolean;
  /** the service name in SigV4 credential scopes */
  signingName: string;
  /** JSON protocols: the content type's version (application/x-amz-json-1.0 or 1.1) */
  jsonVersion?: string;
  /** JSON protocols: X-Amz-Target is <targetPrefix>.<Operation> */
  targetPrefix?: string;
  /** query protocols: the namespace of XML responses */
  xmlNamespace?: string;
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
  paginators: Record<string, Paginator>;
  waiters: Record<string, Waiter>;
}

export type ServiceName = ServiceModel['service'];
export const SERVICE_NAMES: readonly ServiceName[] = ['sqs', 'sns', 'kinesis'];
