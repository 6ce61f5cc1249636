import type { Ctx, Handler, HandlerTable } from '../../core/context.js';
import { firstNonXmlText } from '../../core/xmlText.js';
import { invalidParameter } from './errors.js';
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

/**
 * An operation whose input text is kept and shown again by later answers (names, attributes,
 * tags, policies). SNS answers in XML, which cannot carry characters outside XML's set even as
 * references: such text is refused up front, where storing it would leave every later answer
 * that shows it unreadable to the SDKs. (A message is not shown again in an answer.) Members
 * the operation checks against a pattern of its own (`own`: ARNs, a topic's name, a protocol)
 * are left to it, so that its error, in AWS's words, is the one given.
 */
const kept =
  <I>(fn: (ctx: Ctx, input: I) => unknown, own: readonly string[] = []): Handler =>
  (ctx, input) => {
    for (const [member, value] of Object.entries(input ?? {})) {
      if (member.endsWith('Arn') || own.includes(member)) continue;
      const where = firstNonXmlText(value, member);
      if (where !== undefined) throw invalidParameter(where);
    }
    return fn(ctx, input as I);
  };

/** The service's operations, by AWS operation name (the 42 of sns 2010-03-31). */
export const handlers: HandlerTable = {
  AddPermission: kept(addPermission),
  CheckIfPhoneNumberIsOptedOut: op(checkIfPhoneNumberIsOptedOut),
  ConfirmSubscription: op(confirmSubscription),
  CreatePlatformApplication: kept(createPlatformApplication, ['Name', 'Platform']),
  CreatePlatformEndpoint: kept(createPlatformEndpoint),
  CreateSMSSandboxPhoneNumber: op(createSMSSandboxPhoneNumber),
  CreateTopic: kept(createTopic, ['Name']),
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
  PutDataProtectionPolicy: kept(putDataProtectionPolicy),
  RemovePermission: op(removePermission),
  SetEndpointAttributes: kept(setEndpointAttributes),
  SetPlatformApplicationAttributes: kept(setPlatformApplicationAttributes),
  SetSMSAttributes: kept(setSMSAttributes),
  SetSubscriptionAttributes: kept(setSubscriptionAttributes),
  SetTopicAttributes: kept(setTopicAttributes),
  Subscribe: kept(subscribe, ['Protocol']),
  TagResource: kept(tagResource),
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
