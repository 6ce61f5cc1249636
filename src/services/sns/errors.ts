/** SNS's error codes as the AWS CLI shows them for the query protocol (src/model/data/sns.json). */
import { AwsError } from '../../core/errors.js';

/** InvalidParameter: "Invalid parameter: <detail>" (AWS prefixes every such message this way). */
export const invalidParameter = (detail: string): AwsError =>
  new AwsError('InvalidParameter', `Invalid parameter: ${detail}`, { httpStatus: 400 });

/** InvalidParameter with a message that does not follow the "Invalid parameter: " pattern. */
export const invalidParameterRaw = (message: string): AwsError =>
  new AwsError('InvalidParameter', message, { httpStatus: 400 });

/** InvalidParameterValueException, whose wire code is ParameterValueInvalid. */
export const parameterValueInvalid = (message: string): AwsError =>
  new AwsError('ParameterValueInvalid', message, { httpStatus: 400 });

export const notFound = (message: string): AwsError => new AwsError('NotFound', message, { httpStatus: 404 });

export const topicNotFound = (): AwsError => notFound('Topic does not exist');

export const resourceNotFound = (message = 'Resource does not exist'): AwsError =>
  new AwsError('ResourceNotFound', message, { httpStatus: 404 });

export const validationError = (message: string): AwsError =>
  new AwsError('ValidationError', message, { httpStatus: 400 });

export const endpointDisabled = (): AwsError =>
  new AwsError('EndpointDisabled', 'Endpoint is disabled', { httpStatus: 400 });

export const platformApplicationDisabled = (): AwsError =>
  new AwsError('PlatformApplicationDisabled', 'Platform application is disabled', { httpStatus: 400 });

export const tagLimitExceeded = (): AwsError =>
  new AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded', {
    httpStatus: 400,
  });

/** botocore-style "1 validation error detected" for a member AWS requires but the call left out. */
export const nullMember = (path: string): AwsError =>
  validationError(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
