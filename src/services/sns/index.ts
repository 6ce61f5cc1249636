import type { Ctx, Handler, HandlerTable } from '../../core/context.js';
import { explainFilterPolicies } from './explain.js';
import { runDueDeliveries } from './http.js';
import { clearOutbox, getOutboxEntry, listOutbox } from './outbox.js';
import {
  createPlatformApplication,
  createPlatformEndpoint,
  deleteEndpoint,
  deletePlatformApplication,
  getEndpointAttributes,
  getPlatformApplicationAttributes,
  listEndpointsByPlatformApplication,
  listPlatformApplications,
  setEndpointAttributes,
  setPlatformApplicationAttributes,
} from './platform.js';
import { publish, publishBatch } from './publish.js';
import { signingCertificate } from './signing.js';
import {
  checkIfPhoneNumberIsOptedOut,
  createSMSSandboxPhoneNumber,
  deleteSMSSandboxPhoneNumber,
  getSMSAttributes,
  getSMSSandboxAccountStatus,
  listOriginationNumbers,
  listPhoneNumbersOptedOut,
  listSMSSandboxPhoneNumbers,
  optInPhoneNumber,
  optOutPhoneNumber,
  setSMSAttributes,
  verifySMSSandboxPhoneNumber,
} from './sms.js';
import {
  confirmFromSubscribeUrl,
  confirmSubscription,
  getSubscriptionAttributes,
  listSubscriptions,
  listSubscriptionsByTopic,
  setSubscriptionAttributes,
  subscribe,
  unsubscribe,
} from './subscriptions.js';
import {
  addPermission,
  createTopic,
  deleteTopic,
  getDataProtectionPolicy,
  getTopicAttributes,
  listTagsForResource,
  listTopics,
  putDataProtectionPolicy,
  removePermission,
  setTopicAttributes,
  tagResource,
  untagResource,
} from './topics.js';

// Each operation takes its own input shape; the table stores them under the common signature.
const op = <I>(fn: (ctx: Ctx, input: I) => unknown): Handler => fn as unknown as Handler;

/** The service's operations, by AWS operation name (the 42 of sns 2010-03-31). */
export const handlers: HandlerTable = {
  AddPermission: op(addPermission),
  CheckIfPhoneNumberIsOptedOut: op(checkIfPhoneNumberIsOptedOut),
  ConfirmSubscription: op(confirmSubscription),
  CreatePlatformApplication: op(createPlatformApplication),
  CreatePlatformEndpoint: op(createPlatformEndpoint),
  CreateSMSSandboxPhoneNumber: op(createSMSSandboxPhoneNumber),
  CreateTopic: op(createTopic),
  DeleteEndpoint: op(deleteEndpoint),
  DeletePlatformApplication: op(deletePlatformApplication),
  DeleteSMSSandboxPhoneNumber: op(deleteSMSSandboxPhoneNumber),
  DeleteTopic: op(deleteTopic),
  GetDataProtectionPolicy: op(getDataProtectionPolicy),
  GetEndpointAttributes: op(getEndpointAttributes),
  GetPlatformApplicationAttributes: op(getPlatformApplicationAttributes),
  GetSMSAttributes: op(getSMSAttributes),
  GetSMSSandboxAccountStatus: op(getSMSSandboxAccountStatus),
  GetSubscriptionAttributes: op(getSubscriptionAttributes),
  GetTopicAttributes: op(getTopicAttributes),
  ListEndpointsByPlatformApplication: op(listEndpointsByPlatformApplication),
  ListOriginationNumbers: op(listOriginationNumbers),
  ListPhoneNumbersOptedOut: op(listPhoneNumbersOptedOut),
  ListPlatformApplications: op(listPlatformApplications),
  ListSMSSandboxPhoneNumbers: op(listSMSSandboxPhoneNumbers),
  ListSubscriptions: op(listSubscriptions),
  ListSubscriptionsByTopic: op(listSubscriptionsByTopic),
  ListTagsForResource: op(listTagsForResource),
  ListTopics: op(listTopics),
  OptInPhoneNumber: op(optInPhoneNumber),
  Publish: op(publish),
  PublishBatch: op(publishBatch),
  PutDataProtectionPolicy: op(putDataProtectionPolicy),
  RemovePermission: op(removePermission),
  SetEndpointAttributes: op(setEndpointAttributes),
  SetPlatformApplicationAttributes: op(setPlatformApplicationAttributes),
  SetSMSAttributes: op(setSMSAttributes),
  SetSubscriptionAttributes: op(setSubscriptionAttributes),
  SetTopicAttributes: op(setTopicAttributes),
  Subscribe: op(subscribe),
  TagResource: op(tagResource),
  Unsubscribe: op(unsubscribe),
  UntagResource: op(untagResource),
  VerifySMSSandboxPhoneNumber: op(verifySMSSandboxPhoneNumber),
};

// What the command line needs beyond the AWS operations.
export {
  runDueDeliveries,
  listOutbox,
  getOutboxEntry,
  clearOutbox,
  signingCertificate,
  explainFilterPolicies,
  optOutPhoneNumber,
  confirmFromSubscribeUrl,
};
export type { RunDeliveriesOptions, RunDeliveriesResult } from './http.js';
export type { OutboxEntry, OutboxFilter } from './outbox.js';
export type { SigningCertificateInfo } from './signing.js';
export type { ExplainInput, SubscriptionExplanation } from './explain.js';
