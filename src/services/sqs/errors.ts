/**
 * The errors SQS returns, with the codes the AWS CLI shows (the legacy query codes SQS keeps
 * for compatibility) and AWS's own message texts.
 */
import { AwsError } from '../../core/errors.js';

const err = (code: string, message: string, httpStatus = 400, senderFault = true): AwsError =>
  new AwsError(code, message, { senderFault, httpStatus });

export const queueDoesNotExist = (): AwsError =>
  err('AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');

export const queueAlreadyExists = (attribute: string): AwsError =>
  err('QueueAlreadyExists', `A queue already exists with the same name and a different value for attribute ${attribute}`);

export const queueDeletedRecently = (): AwsError =>
  err(
    'AWS.SimpleQueueService.QueueDeletedRecently',
    'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
  );

export const purgeQueueInProgress = (name: string): AwsError =>
  err(
    'AWS.SimpleQueueService.PurgeQueueInProgress',
    `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`,
    403,
  );

export const invalidParameterValue = (message: string): AwsError => err('InvalidParameterValue', message);

/** "Value X for parameter Y is invalid. Reason: Z." — AWS's usual wording. */
export const invalidValue = (value: unknown, parameter: string, reason: string): AwsError =>
  invalidParameterValue(`Value ${String(value)} for parameter ${parameter} is invalid. Reason: ${reason}`);

export const missingParameter = (parameter: string): AwsError =>
  err('MissingParameter', `The request must contain the parameter ${parameter}.`);

export const invalidAttributeName = (message: string): AwsError => err('InvalidAttributeName', message);

export const unknownAttribute = (name: string): AwsError => invalidAttributeName(`Unknown Attribute ${name}.`);

export const invalidAttributeValue = (name: string, reason?: string): AwsError =>
  err('InvalidAttributeValue', `Invalid value for the parameter ${name}.${reason ? ` Reason: ${reason}` : ''}`);

export const receiptHandleIsInvalid = (handle: string): AwsError =>
  err('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`, 404);

export const invalidMessageContents = (message: string): AwsError => err('InvalidMessageContents', message);

export const emptyBatchRequest = (entryShape: string): AwsError =>
  err('AWS.SimpleQueueService.EmptyBatchRequest', `There should be at least one ${entryShape} in the request.`);

export const tooManyEntriesInBatchRequest = (count: number): AwsError =>
  err(
    'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    `Maximum number of entries per request are 10. You have sent ${count}.`,
  );

export const batchEntryIdsNotDistinct = (id: string): AwsError =>
  err('AWS.SimpleQueueService.BatchEntryIdsNotDistinct', `Id ${id} repeated.`);

export const invalidBatchEntryId = (): AwsError =>
  err(
    'AWS.SimpleQueueService.InvalidBatchEntryId',
    'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
  );

export const batchRequestTooLong = (limit: number, sent: number): AwsError =>
  err(
    'AWS.SimpleQueueService.BatchRequestTooLong',
    `Batch requests cannot be longer than ${limit} bytes. You have sent ${sent} bytes.`,
  );

export const overLimitInFlight = (): AwsError =>
  err(
    'OverLimit',
    'Too many messages have been received without being deleted.\nPlease delete your received messages or let them timeout before receiving more.',
    403,
  );

export const overLimit = (message: string): AwsError => err('OverLimit', message, 403);

export const resourceNotFound = (message: string): AwsError => err('ResourceNotFoundException', message, 404);

export const invalidAddress = (address: string): AwsError =>
  err('InvalidAddress', `The address ${address} is not valid for this endpoint.`, 404);

