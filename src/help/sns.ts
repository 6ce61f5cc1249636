/**
 * `awsmsg sns ... help`: the pages of the SNS operations, in awsmsg's own words. Limits and
 * defaults are AWS's documented ones (the SNS API reference and developer guide).
 */
import type { OperationHelp, RecordedOutputs, ServiceHelp } from './types.js';
import examples from './examples/sns.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

const T = 'arn:aws:sns:us-east-1:000000000000:orders';
const MAKE_TOPIC = 'awsmsg sns create-topic --name orders';
const BILLING = 'arn:aws:sqs:us-east-1:000000000000:billing';
const BILLING_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/billing';
const QUEUE_SUBSCRIBED = [
  MAKE_TOPIC,
  'awsmsg sqs create-queue --queue-name billing',
  `awsmsg sns subscribe --topic-arn ${T} --protocol sqs --notification-endpoint ${BILLING}`,
];
const SUB_ARN = `S=$(awsmsg sns list-subscriptions-by-topic --topic-arn ${T} --query 'Subscriptions[0].SubscriptionArn' --output text)`;
const APP = 'arn:aws:sns:us-east-1:000000000000:app/GCM/shop-app';
const MAKE_APP = 'awsmsg sns create-platform-application --name shop-app --platform GCM --attributes PlatformCredential=server-key';
const MAKE_ENDPOINT = `EP=$(awsmsg sns create-platform-endpoint --platform-application-arn ${APP} --token device-1 --query EndpointArn --output text)`;
const PHONE = '+15555550100';
const SANDBOX_OTP = `OTP=$(awsmsg sns outbox --protocol sms --query 'Entries[0].Body' --output text | grep -o '[0-9]\\{6\\}')`;

const TOPIC_ARN = "The topic's ARN, as create-topic and list-topics print it: arn:aws:sns:REGION:ACCOUNT:NAME.";
const SUBSCRIPTION_ARN = "The subscription's ARN, as subscribe (once confirmed), list-subscriptions and list-subscriptions-by-topic print it: the topic's ARN followed by :ID.";
const ENDPOINT_ARN = 'The ARN of a device endpoint, as create-platform-endpoint printed it.';
const APP_ARN = 'The ARN of the platform application, as create-platform-application printed it: arn:aws:sns:REGION:ACCOUNT:app/PLATFORM/NAME.';
const RESOURCE_ARN = "The topic's ARN (topics are the only SNS resources that take tags and data protection policies).";
const NEXT_TOKEN = 'Only with --max-items, when more remain: pass it to --starting-token.';
const SMS_PHONE = 'The phone number, in E.164 form: a + and the country code, then the number, up to 15 digits (+15555550100).';

const TOPIC_ATTRIBUTES = `Topic attributes, NAME=VALUE:

- DisplayName: the sender name of e-mail notifications and the prefix of SMS messages, up to 100 characters.
- Policy: the topic's access policy, an IAM policy document as JSON (stored; awsmsg does not enforce IAM).
- DeliveryPolicy: how SNS retries HTTP/S deliveries that fail, as JSON: {"http": {"defaultHealthyRetryPolicy": {"numRetries": 3, "minDelayTarget": 20, "maxDelayTarget": 20, "backoffFunction": "linear"}, ...}}. awsmsg retries on the clock as this says. Subscriptions can override it unless disableSubscriptionOverrides is true.
- SignatureVersion: 1 (SHA1withRSA, the default) or 2 (SHA256withRSA): how the JSON envelope of each message is signed.
- TracingConfig (standard topics): PassThrough (default) or Active, for AWS X-Ray; stored.
- KmsMasterKeyId: a KMS key for encryption at rest; stored (messages are not encrypted here).
- FifoTopic: "true" makes a FIFO topic (create-topic only; the name must end in .fifo).
- ContentBasedDeduplication (FIFO): "true" uses a SHA-256 of the message as its deduplication id when it has none.
- FifoThroughputScope (FIFO): Topic (default) or MessageGroup: where deduplication ids must be unique.
- ArchivePolicy (FIFO): {"MessageRetentionPeriod": "DAYS"}, 1 to 365 days, to keep messages for replay; stored, not applied.
- HTTPSuccessFeedbackRoleArn, HTTPSuccessFeedbackSampleRate (0 to 100), HTTPFailureFeedbackRoleArn, and the same for SQS, Lambda, Firehose and Application: delivery status logging to CloudWatch; stored.`;

const SUBSCRIPTION_ATTRIBUTES = `Subscription attributes, NAME=VALUE:

- FilterPolicy: JSON that picks the messages this subscription gets. Each key names a message attribute (or, with FilterPolicyScope MessageBody, a key of the JSON body) and lists the values that pass: {"type": ["shipped", "returned"], "total": [{"numeric": [">", 100]}]}. Keys must all match; any value in a list may. Operators: prefix, suffix, anything-but, numeric ranges, exists, equals-ignore-case, cidr, wildcard and $or. At most 5 keys and 150 combinations. awsmsg sns explain-filter shows which subscriptions a message would pass and why.
- FilterPolicyScope: MessageAttributes (default) or MessageBody: what the filter policy looks at.
- RawMessageDelivery: "true" delivers the message as it was published, without SNS's JSON envelope (SQS, HTTP/S and Firehose endpoints only).
- DeliveryPolicy (HTTP/S): this subscription's retry policy, as the topic's DeliveryPolicy, without the "http" level.
- RedrivePolicy: {"deadLetterTargetArn": "arn:aws:sqs:..."}: an SQS queue for the messages that could not be delivered after all retries.
- SubscriptionRoleArn (Firehose): the IAM role SNS uses to write to the delivery stream; required for firehose subscriptions.
- ReplayPolicy (FIFO topics with an ArchivePolicy): which archived messages to deliver again; stored, not applied.`;

const TAGS = 'Tags, Key=KEY,Value=VALUE ...: keys 1 to 128 characters, values up to 256, at most 50 per topic. A key the topic has already gets the new value.';

const PUBLISH_ATTRIBUTES = `Up to 10 message attributes, by name: each a DataType (String, String.Array, Number or Binary) and a StringValue (String, Number, and String.Array as a JSON array such as ["a", "b"]) or a BinaryValue (Binary, base64 on the command line). Filter policies match them; SQS subscribers get them as message attributes (with raw delivery) or in the envelope's MessageAttributes. They count toward the 256 KB message size.`;

const ATTRIBUTE_VALUE = {
  DataType: 'String, String.Array, Number or Binary (a label after a dot, such as Number.float, is allowed).',
  StringValue: 'The value of a String, Number or String.Array attribute (a JSON array of strings, numbers, booleans and nulls for String.Array).',
  BinaryValue: 'The value of a Binary attribute: base64 on the command line. Filter policies ignore Binary attributes.',
};

const prefixed = (prefix: string, texts: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([k, v]) => [`${prefix}.${k}`, v]));

const MESSAGE = `The message: UTF-8 text up to 256 KB (262,144 bytes, attributes included). With --message-structure json, a JSON object with a "default" message and optional ones per protocol: {"default": "order 7 shipped", "sqs": "{\\"order\\": 7}", "email": "Order 7 is on its way"}. An SMS is at most 1,600 characters.`;
const SUBJECT = 'The subject line of e-mail notifications, and the Subject of the JSON envelope: up to 100 characters of text, without line breaks or control characters.';
const STRUCTURE = 'json to send a different message per protocol: --message is then a JSON object with a "default" key (see --message). Leave it out to send the same text to everyone.';
const DEDUP_ID =
  'FIFO topics: the deduplication id. Another message with the same id within 5 minutes is accepted but not delivered again. Required unless the topic has ContentBasedDeduplication; not allowed on standard topics. Up to 128 characters: letters, digits and punctuation.';
const GROUP_ID =
  'FIFO topics: the message group, required. Messages of one group reach each subscribed FIFO queue in the order they were published. Up to 128 characters: letters, digits and punctuation.';

const pages: Record<string, OperationHelp> = {
  AddPermission: {
    description: `Lets other AWS accounts call some actions on a topic, by adding a statement to the topic's access policy (its Policy attribute). The label names the statement, so remove-permission can take it back. For anything finer, set a full Policy with set-topic-attributes.

awsmsg keeps the policy as SNS builds it, but does not enforce it: there are no credentials here.`,
    options: {
      TopicArn: TOPIC_ARN,
      Label: 'A name for this permission, unique in the topic\'s policy (it becomes the statement\'s Sid): 1 to 80 letters, digits, hyphens and underscores.',
      AWSAccountId: 'The 12-digit ids of the accounts to grant the actions to.',
      ActionName:
        'The actions to allow, without the SNS: prefix: Publish, Subscribe, Receive, GetTopicAttributes, SetTopicAttributes, AddPermission, RemovePermission, DeleteTopic, ListSubscriptionsByTopic.',
    },
    examples: [
      {
        title: 'To let another account publish to a topic',
        setup: [MAKE_TOPIC],
        command: `awsmsg sns add-permission --topic-arn ${T} --label partner-publish --aws-account-id 111122223333 --action-name Publish`,
      },
    ],
  },
  CheckIfPhoneNumberIsOptedOut: {
    description: `Tells whether a phone number has opted out of SMS from this account (by replying STOP, on AWS). SNS sends no SMS to a number that has opted out; opt-in-phone-number lets it receive them again.`,
    options: { phoneNumber: SMS_PHONE },
    output: { isOptedOut: 'true when the number has opted out.' },
    examples: [
      {
        title: 'To check a number',
        command: `awsmsg sns check-if-phone-number-is-opted-out --phone-number ${PHONE}`,
      },
    ],
  },
  ConfirmSubscription: {
    description: `Confirms a subscription that is waiting for it. HTTP/S and e-mail endpoints (and queues of other accounts) must confirm that they want a topic's messages: SNS sends them a SubscriptionConfirmation with a token, and the subscription stays "pending confirmation" until someone calls this with that token (or visits the SubscribeURL it came with). Tokens are valid for 2 days.

Here the token of an e-mail subscription is in the confirmation e-mail in the outbox (awsmsg sns outbox); that of an HTTP/S subscription is in the JSON body POSTed to the endpoint. awsmsg sns visit-subscribe-url does what visiting the SubscribeURL does.`,
    options: {
      TopicArn: TOPIC_ARN,
      Token: 'The token the confirmation message carried (its Token field, or the Token line of the e-mail).',
      AuthenticateOnUnsubscribe: '"true" means only the topic\'s owner and the subscription\'s owner may unsubscribe it, with AWS credentials, and not anyone holding the unsubscribe link. Stored; awsmsg has no credentials to check.',
    },
    output: { SubscriptionArn: "The confirmed subscription's ARN." },
    examples: [
      {
        title: 'To confirm an e-mail subscription with the token from the confirmation e-mail',
        setup: [
          MAKE_TOPIC,
          `awsmsg sns subscribe --topic-arn ${T} --protocol email --notification-endpoint ops@example.com`,
          `TOKEN=$(awsmsg sns outbox --protocol email --query 'Entries[0].Body' --output text | sed -n 's/^Token: //p')`,
        ],
        command: `awsmsg sns confirm-subscription --topic-arn ${T} --token "$TOKEN"`,
      },
    ],
  },
  CreatePlatformApplication: {
    description: `Registers an app with a mobile push service (Apple's APNs, Google's FCM, Amazon's ADM, Baidu, Windows' WNS and MPNS), so that SNS can send push notifications to its devices. Then create-platform-endpoint registers each device, and publish with --target-arn (or a topic with application subscriptions) sends to them.

Nothing is sent to a push service here: notifications for devices are recorded in the outbox (awsmsg sns outbox --protocol application). The credentials are stored and never shown again, as on AWS.`,
    options: {
      Name: 'The application\'s name: 1 to 256 letters, digits, underscores, hyphens and periods.',
      Platform: 'The push service: APNS and APNS_SANDBOX (Apple), APNS_VOIP, APNS_VOIP_SANDBOX, MACOS, MACOS_SANDBOX, GCM (Firebase Cloud Messaging), ADM (Amazon Device Messaging), BAIDU, WNS, MPNS.',
      Attributes: `Settings, NAME=VALUE:

- PlatformCredential: the push service's credential (FCM's server key, the APNs private key, ...).
- PlatformPrincipal: the other half where the service needs a pair (the APNs certificate, ADM's client id, ...).
- EventEndpointCreated, EventEndpointDeleted, EventEndpointUpdated, EventDeliveryFailure: topic ARNs told about endpoint events.
- SuccessFeedbackRoleArn, FailureFeedbackRoleArn, SuccessFeedbackSampleRate: delivery status logging.
- ApplePlatformTeamID, ApplePlatformBundleID: for token-based APNs authentication.`,
    },
    output: { PlatformApplicationArn: "The application's ARN: arn:aws:sns:REGION:ACCOUNT:app/PLATFORM/NAME." },
    examples: [
      {
        title: 'To register an Android app with Firebase Cloud Messaging',
        command: 'awsmsg sns create-platform-application --name shop-app --platform GCM --attributes PlatformCredential=server-key',
      },
    ],
  },
  CreatePlatformEndpoint: {
    description: `Registers one device of a platform application, by the token its push service gave the app on that device, and returns the endpoint's ARN. Publish to that ARN (--target-arn) to notify the device, or subscribe it to a topic with the application protocol. Registering the same token again returns the same endpoint.`,
    options: {
      PlatformApplicationArn: APP_ARN,
      Token: 'The device token the push service gave the app (APNs device token, FCM registration token, ...).',
      CustomUserData: 'Any data of yours to keep with the endpoint, up to 2,048 bytes (such as the user id).',
      Attributes: 'Endpoint settings, NAME=VALUE: Enabled (true or false; SNS delivers only to enabled endpoints), CustomUserData, Token.',
    },
    output: { EndpointArn: "The endpoint's ARN: arn:aws:sns:REGION:ACCOUNT:endpoint/PLATFORM/APP/ID." },
    examples: [
      {
        title: 'To register a device',
        setup: [MAKE_APP],
        command: `awsmsg sns create-platform-endpoint --platform-application-arn ${APP} --token device-1 --custom-user-data user-42`,
      },
    ],
  },
  CreateSMSSandboxPhoneNumber: {
    description: `Adds a phone number to the account's SMS sandbox and sends it a one-time password. A new AWS account can only send SMS to verified sandbox numbers until AWS lets it out; verify the number with verify-sms-sandbox-phone-number and the code it received.

Here the account is not in the sandbox (get-sms-sandbox-account-status), but these calls work: the verification SMS, with its 6-digit code, is in the outbox (awsmsg sns outbox --protocol sms).`,
    options: {
      PhoneNumber: SMS_PHONE,
      LanguageCode: 'The language of the verification message: en-US (default), en-GB, es-419, es-ES, de-DE, fr-CA, fr-FR, it-IT, ja-JP, pt-BR, kr-KR, zh-CN, zh-TW.',
    },
    examples: [
      {
        title: 'To add a number to the sandbox, and read the code it was sent',
        command: `awsmsg sns create-sms-sandbox-phone-number --phone-number ${PHONE} && awsmsg sns outbox --protocol sms --query 'Entries[0].[Endpoint, Body]' --output text`,
      },
    ],
  },
  CreateTopic: {
    description: `Creates a topic and prints its ARN, the name every other topic command takes. Publishers publish to the topic; SNS gives each message to every subscription (SQS queues, HTTP/S endpoints, e-mail, SMS, mobile apps, Lambda, Firehose), filtered by each subscription's filter policy. A name ending in .fifo with FifoTopic=true makes a FIFO topic: ordered per message group, deduplicated, delivering to FIFO queues only.

Creating a topic that exists returns its ARN (with different attributes, it fails).`,
    options: {
      Name: 'The name: 1 to 256 letters, digits, hyphens and underscores; a FIFO topic\'s name ends in .fifo.',
      Attributes: TOPIC_ATTRIBUTES,
      Tags: TAGS,
      'Tags.Key': 'The tag\'s key, 1 to 128 characters.',
      'Tags.Value': 'Its value, up to 256 characters.',
      DataProtectionPolicy: 'A data protection policy for the topic, as JSON up to 30,720 characters (see put-data-protection-policy); stored, not applied.',
    },
    output: { TopicArn: "The topic's ARN: arn:aws:sns:REGION:ACCOUNT:NAME." },
    examples: [
      { title: 'To create a topic', command: 'awsmsg sns create-topic --name orders' },
      {
        title: 'To create a FIFO topic with content-based deduplication',
        command: 'awsmsg sns create-topic --name orders.fifo --attributes FifoTopic=true,ContentBasedDeduplication=true',
      },
    ],
  },
  DeleteEndpoint: {
    description: "Removes a device's endpoint: it gets no more notifications. Deleting an endpoint that does not exist succeeds. Subscriptions of the endpoint to topics are not removed by this; unsubscribe them too.",
    options: { EndpointArn: ENDPOINT_ARN },
    examples: [
      {
        title: 'To remove a device',
        setup: [MAKE_APP, MAKE_ENDPOINT],
        command: 'awsmsg sns delete-endpoint --endpoint-arn "$EP"',
      },
    ],
  },
  DeletePlatformApplication: {
    description: 'Removes a platform application and all its device endpoints. Deleting one that does not exist succeeds.',
    options: { PlatformApplicationArn: APP_ARN },
    examples: [
      {
        title: 'To remove an application',
        setup: [MAKE_APP],
        command: `awsmsg sns delete-platform-application --platform-application-arn ${APP}`,
      },
    ],
  },
  DeleteSMSSandboxPhoneNumber: {
    description: "Removes a phone number from the account's SMS sandbox.",
    options: { PhoneNumber: SMS_PHONE },
    examples: [
      {
        title: 'To remove a sandbox number',
        setup: [`awsmsg sns create-sms-sandbox-phone-number --phone-number ${PHONE}`],
        command: `awsmsg sns delete-sms-sandbox-phone-number --phone-number ${PHONE}`,
      },
    ],
  },
  DeleteTopic: {
    description: 'Deletes a topic and all its subscriptions. Messages already delivered stay where they went (in the queues, say). Deleting a topic that does not exist succeeds.',
    options: { TopicArn: TOPIC_ARN },
    examples: [{ title: 'To delete a topic', setup: [MAKE_TOPIC], command: `awsmsg sns delete-topic --topic-arn ${T}` }],
  },
  GetDataProtectionPolicy: {
    description: "Shows a topic's data protection policy (set with put-data-protection-policy or create-topic). Prints nothing when the topic has none.",
    options: { ResourceArn: RESOURCE_ARN },
    output: { DataProtectionPolicy: 'The policy, as the JSON text it was set with.' },
    examples: [
      {
        title: "To show a topic's data protection policy",
        setup: [
          MAKE_TOPIC,
          `awsmsg sns put-data-protection-policy --resource-arn ${T} --data-protection-policy '{"Name": "no-emails", "Version": "2021-06-01", "Statement": [{"Sid": "deny", "DataDirection": "Inbound", "Principal": ["*"], "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Deny": {}}}]}'`,
        ],
        command: `awsmsg sns get-data-protection-policy --resource-arn ${T}`,
      },
    ],
  },
  GetEndpointAttributes: {
    description: "Shows a device endpoint's settings: its token, whether it is enabled, and your custom data.",
    options: { EndpointArn: ENDPOINT_ARN },
    output: { Attributes: 'Enabled ("true" or "false"), Token, and CustomUserData when set.' },
    examples: [
      {
        title: "To show an endpoint's settings",
        setup: [MAKE_APP, `EP=$(awsmsg sns create-platform-endpoint --platform-application-arn ${APP} --token device-1 --custom-user-data user-42 --query EndpointArn --output text)`],
        command: 'awsmsg sns get-endpoint-attributes --endpoint-arn "$EP"',
      },
    ],
  },
  GetPlatformApplicationAttributes: {
    description: "Shows a platform application's settings. Its credentials (PlatformCredential, PlatformPrincipal) are never shown.",
    options: { PlatformApplicationArn: APP_ARN },
    output: { Attributes: 'Enabled, and the settings given to create-platform-application or set-platform-application-attributes, credentials left out.' },
    examples: [
      {
        title: "To show an application's settings",
        setup: [MAKE_APP],
        command: `awsmsg sns get-platform-application-attributes --platform-application-arn ${APP}`,
      },
    ],
  },
  GetSMSAttributes: {
    description: "Shows the account's SMS settings: spending limit, default sender id, default message type, delivery status logging.",
    options: { attributes: 'Which settings to show (see set-sms-attributes); all of them without this option.' },
    output: { attributes: 'The settings, NAME: VALUE. MonthlySpendLimit is 1 (USD) until changed, as for a new AWS account.' },
    examples: [{ title: 'To show the SMS settings', command: 'awsmsg sns get-sms-attributes' }],
  },
  GetSMSSandboxAccountStatus: {
    description: "Tells whether the account's SMS sending is still in the sandbox (able to send only to verified numbers). An awsmsg account never is.",
    options: {},
    output: { IsInSandbox: 'true while the account can send SMS only to verified sandbox numbers.' },
    examples: [{ title: 'To check the sandbox status', command: 'awsmsg sns get-sms-sandbox-account-status' }],
  },
  GetSubscriptionAttributes: {
    description: `Shows a subscription's settings (filter policy, raw delivery, delivery and redrive policies) and state: its topic, endpoint and protocol, whether it is still waiting for confirmation, and its effective delivery policy.`,
    options: { SubscriptionArn: SUBSCRIPTION_ARN },
    output: {
      Attributes: `The attributes set on it (see subscribe --attributes), and:

- SubscriptionArn, TopicArn, Protocol, Endpoint, Owner.
- PendingConfirmation: "true" until confirmed.
- ConfirmationWasAuthenticated: "true" when confirmed by an authenticated call.
- EffectiveDeliveryPolicy (HTTP/S): the retry policy in force, the subscription's merged with the topic's.
- SubscriptionPrincipal: who subscribed.`,
    },
    examples: [
      {
        title: "To show a subscription's settings",
        setup: [...QUEUE_SUBSCRIBED, SUB_ARN],
        command: 'awsmsg sns get-subscription-attributes --subscription-arn "$S"',
      },
    ],
  },
  GetTopicAttributes: {
    description: "Shows a topic's settings (display name, access policy, delivery policy, FIFO settings, ...) and its subscription counts.",
    options: { TopicArn: TOPIC_ARN },
    output: {
      Attributes: `The attributes set on it (see create-topic --attributes), and:

- TopicArn, Owner.
- SubscriptionsConfirmed, SubscriptionsPending, SubscriptionsDeleted: how many subscriptions are confirmed, waiting for confirmation, and recently deleted.
- EffectiveDeliveryPolicy: the retry policy in force for HTTP/S subscriptions.
- Policy: the access policy (SNS's default one until set).`,
    },
    examples: [{ title: "To show a topic's settings", setup: QUEUE_SUBSCRIBED, command: `awsmsg sns get-topic-attributes --topic-arn ${T}` }],
  },
  ListEndpointsByPlatformApplication: {
    description: 'Lists the device endpoints of a platform application, with their attributes.',
    options: { PlatformApplicationArn: APP_ARN },
    output: {
      Endpoints: 'The endpoints, each with its EndpointArn and Attributes (Enabled, Token, CustomUserData).',
      NextToken: NEXT_TOKEN,
    },
    examples: [
      {
        title: 'To list the devices of an application',
        setup: [MAKE_APP, `awsmsg sns create-platform-endpoint --platform-application-arn ${APP} --token device-1`],
        command: `awsmsg sns list-endpoints-by-platform-application --platform-application-arn ${APP}`,
      },
    ],
  },
  ListOriginationNumbers: {
    description: 'Lists the phone numbers the account owns for sending SMS (toll-free numbers, 10DLC, short codes). An awsmsg account owns none, so the list is empty.',
    options: {},
    output: { PhoneNumbers: 'The numbers, with their country, capabilities and status.', NextToken: NEXT_TOKEN },
    examples: [{ title: 'To list origination numbers', command: 'awsmsg sns list-origination-numbers' }],
  },
  ListPhoneNumbersOptedOut: {
    description: 'Lists the phone numbers that have opted out of SMS from this account. SNS sends them no SMS until opt-in-phone-number.',
    options: {},
    output: { phoneNumbers: 'The numbers, in E.164 form.', nextToken: NEXT_TOKEN },
    examples: [{ title: 'To list opted-out numbers', command: 'awsmsg sns list-phone-numbers-opted-out' }],
  },
  ListPlatformApplications: {
    description: "Lists the account's platform applications (apps registered with a push service), with their attributes.",
    options: {},
    output: { PlatformApplications: 'The applications, each with its PlatformApplicationArn and Attributes.', NextToken: NEXT_TOKEN },
    examples: [{ title: 'To list platform applications', setup: [MAKE_APP], command: 'awsmsg sns list-platform-applications' }],
  },
  ListSMSSandboxPhoneNumbers: {
    description: "Lists the phone numbers in the account's SMS sandbox and whether each is verified.",
    options: {},
    output: { PhoneNumbers: 'The numbers, each with its PhoneNumber and Status (Pending or Verified).', NextToken: NEXT_TOKEN },
    examples: [
      {
        title: 'To list sandbox numbers',
        setup: [`awsmsg sns create-sms-sandbox-phone-number --phone-number ${PHONE}`],
        command: 'awsmsg sns list-sms-sandbox-phone-numbers',
      },
    ],
  },
  ListSubscriptions: {
    description: 'Lists every subscription of every topic in the region, with its protocol, endpoint and topic. A subscription waiting for confirmation shows "PendingConfirmation" instead of its ARN.',
    options: {},
    output: {
      Subscriptions: 'The subscriptions, each with SubscriptionArn, Owner, Protocol, Endpoint and TopicArn.',
      NextToken: NEXT_TOKEN,
    },
    examples: [
      {
        title: 'To list all subscriptions',
        setup: [...QUEUE_SUBSCRIBED, `awsmsg sns subscribe --topic-arn ${T} --protocol email --notification-endpoint ops@example.com`],
        command: 'awsmsg sns list-subscriptions',
      },
    ],
  },
  ListSubscriptionsByTopic: {
    description: "Lists a topic's subscriptions, with their protocol and endpoint.",
    options: { TopicArn: TOPIC_ARN },
    output: {
      Subscriptions: 'The subscriptions, each with SubscriptionArn ("PendingConfirmation" until confirmed), Owner, Protocol, Endpoint and TopicArn.',
      NextToken: NEXT_TOKEN,
    },
    examples: [
      {
        title: "To list a topic's subscriptions as a table",
        setup: QUEUE_SUBSCRIBED,
        command: `awsmsg sns list-subscriptions-by-topic --topic-arn ${T} --query 'Subscriptions[].[Protocol, Endpoint]' --output text`,
      },
    ],
  },
  ListTagsForResource: {
    description: 'Shows the tags on a topic (labels for cost allocation and bookkeeping; SNS gives them no meaning).',
    options: { ResourceArn: RESOURCE_ARN },
    output: { Tags: 'The tags, each a Key and a Value.' },
    examples: [
      {
        title: "To list a topic's tags",
        setup: [`awsmsg sns create-topic --name orders --tags Key=team,Value=shop`],
        command: `awsmsg sns list-tags-for-resource --resource-arn ${T}`,
      },
    ],
  },
  ListTopics: {
    description: "Lists the ARNs of the account's topics in the region.",
    options: {},
    output: { Topics: 'The topics, each with its TopicArn.', NextToken: NEXT_TOKEN },
    examples: [{ title: 'To list topics', setup: [MAKE_TOPIC, 'awsmsg sns create-topic --name payments'], command: 'awsmsg sns list-topics' }],
  },
  OptInPhoneNumber: {
    description: 'Lets a phone number that opted out receive SMS again. AWS allows this once every 30 days for a number.',
    options: { phoneNumber: SMS_PHONE },
    examples: [{ title: 'To opt a number back in', command: `awsmsg sns opt-in-phone-number --phone-number ${PHONE}` }],
  },
  Publish: {
    description: `Sends a message to a topic: every subscription whose filter policy lets it through gets a copy, each in its protocol's form (by default SNS's signed JSON envelope; with RawMessageDelivery the message as it is). It can also send one SMS (--phone-number) or one push notification to a device endpoint (--target-arn), without a topic.

Here a publish and its deliveries to SQS queues happen in one transaction; HTTP/S endpoints are POSTed to right after (retried on the clock per the DeliveryPolicy); e-mail, SMS, push, Lambda and Firehose deliveries are recorded in the outbox (awsmsg sns outbox). awsmsg sns explain-filter takes the same arguments and tells which subscriptions a message would reach, and why not the others.`,
    options: {
      TopicArn: `${TOPIC_ARN} One of --topic-arn, --target-arn and --phone-number is required.`,
      TargetArn: 'A device endpoint\'s ARN (from create-platform-endpoint), to notify that one device; or a topic\'s ARN, as --topic-arn.',
      PhoneNumber: `To send one SMS to this number, in E.164 form (+15555550100), instead of publishing to a topic.`,
      Message: MESSAGE,
      Subject: SUBJECT,
      MessageStructure: STRUCTURE,
      MessageAttributes: PUBLISH_ATTRIBUTES,
      'MessageAttributes.key': "The attribute's name, up to 256 bytes.",
      ...prefixed('MessageAttributes', ATTRIBUTE_VALUE),
      MessageDeduplicationId: DEDUP_ID,
      MessageGroupId: GROUP_ID,
    },
    output: {
      MessageId: "The message's id; subscribers see it in the envelope's MessageId.",
      SequenceNumber: 'FIFO topics only: the message\'s place in its group, a 128-bit number that grows.',
    },
    examples: [
      {
        title: 'To publish to a topic, and see the copy its queue received',
        setup: QUEUE_SUBSCRIBED,
        command: `awsmsg sns publish --topic-arn ${T} --message 'order 7 shipped' --subject 'Order update' && awsmsg sqs receive-message --queue-url ${BILLING_URL} --query 'Messages[0].Body' --output text`,
        note: 'Without raw delivery the queue holds SNS\'s JSON envelope: Type, MessageId, TopicArn, Subject, Message, Timestamp, the signature and its certificate\'s URL, and the URL to unsubscribe.',
      },
      {
        title: 'To publish with an attribute a filter policy can match',
        setup: QUEUE_SUBSCRIBED,
        command: `awsmsg sns publish --topic-arn ${T} --message 'order 8 paid' --message-attributes '{"type": {"DataType": "String", "StringValue": "paid"}}'`,
      },
      {
        title: 'To send one SMS',
        command: `awsmsg sns publish --phone-number ${PHONE} --message 'Your code is 1234' && awsmsg sns outbox --protocol sms --query 'Entries[0].[Endpoint, Body]' --output text`,
      },
    ],
  },
  PublishBatch: {
    description: `Publishes up to 10 messages to a topic in one call, each as publish would, with an Id of your own to match the results. Together they may total 256 KB. Each entry succeeds or fails on its own: look at Failed in the output.`,
    options: {
      TopicArn: TOPIC_ARN,
      PublishBatchRequestEntries: 'The messages, 1 to 10.',
      'PublishBatchRequestEntries.Id': 'Your name for the entry, to find it in Successful or Failed: up to 80 letters, digits, hyphens and underscores, unique in the batch.',
      'PublishBatchRequestEntries.Message': MESSAGE,
      'PublishBatchRequestEntries.Subject': SUBJECT,
      'PublishBatchRequestEntries.MessageStructure': STRUCTURE,
      'PublishBatchRequestEntries.MessageAttributes': PUBLISH_ATTRIBUTES,
      ...prefixed('PublishBatchRequestEntries.MessageAttributes', ATTRIBUTE_VALUE),
      'PublishBatchRequestEntries.MessageDeduplicationId': DEDUP_ID,
      'PublishBatchRequestEntries.MessageGroupId': GROUP_ID,
    },
    output: {
      Successful: 'The entries published, each with its Id, MessageId and (FIFO) SequenceNumber.',
      Failed: 'The entries that were not, each with its Id, Code, Message and SenderFault (true when the entry itself was wrong).',
    },
    examples: [
      {
        title: 'To publish two messages in one call',
        setup: QUEUE_SUBSCRIBED,
        command: `awsmsg sns publish-batch --topic-arn ${T} --publish-batch-request-entries Id=a,Message='order 9' Id=b,Message='order 10'`,
      },
    ],
  },
  PutDataProtectionPolicy: {
    description: `Sets a topic's data protection policy: JSON rules that find sensitive data (e-mail addresses, credit card numbers, ...) in published messages and audit, mask or block it. awsmsg checks that the policy is a JSON object of at most 30,720 characters and stores it, but does not apply it. An empty policy removes it.`,
    options: {
      ResourceArn: RESOURCE_ARN,
      DataProtectionPolicy: 'The policy, as JSON text: {"Name": ..., "Version": "2021-06-01", "Statement": [...]}, at most 30,720 characters.',
    },
    examples: [
      {
        title: 'To set a policy that would block e-mail addresses',
        setup: [MAKE_TOPIC],
        command: `awsmsg sns put-data-protection-policy --resource-arn ${T} --data-protection-policy '{"Name": "no-emails", "Version": "2021-06-01", "Statement": [{"Sid": "deny", "DataDirection": "Inbound", "Principal": ["*"], "DataIdentifier": ["arn:aws:dataprotection::aws:data-identifier/EmailAddress"], "Operation": {"Deny": {}}}]}'`,
      },
    ],
  },
  RemovePermission: {
    description: "Takes back a permission that add-permission gave, by its label: that statement leaves the topic's policy.",
    options: { TopicArn: TOPIC_ARN, Label: 'The label the permission was added with.' },
    examples: [
      {
        title: 'To remove a permission',
        setup: [MAKE_TOPIC, `awsmsg sns add-permission --topic-arn ${T} --label partner-publish --aws-account-id 111122223333 --action-name Publish`],
        command: `awsmsg sns remove-permission --topic-arn ${T} --label partner-publish`,
      },
    ],
  },
  SetEndpointAttributes: {
    description: "Changes a device endpoint's settings: disable or enable it, replace its token (the push service gave the app a new one), or change your custom data.",
    options: {
      EndpointArn: ENDPOINT_ARN,
      Attributes: 'NAME=VALUE: Enabled (true or false; SNS sends only to enabled endpoints, and on AWS disables one whose token the push service rejects), Token, CustomUserData (up to 2,048 bytes).',
    },
    examples: [
      {
        title: 'To disable an endpoint',
        setup: [MAKE_APP, MAKE_ENDPOINT],
        command: 'awsmsg sns set-endpoint-attributes --endpoint-arn "$EP" --attributes Enabled=false',
      },
    ],
  },
  SetPlatformApplicationAttributes: {
    description: "Changes a platform application's settings: new credentials for its push service, event topics, delivery status logging (see create-platform-application).",
    options: { PlatformApplicationArn: APP_ARN, Attributes: 'The settings to change, NAME=VALUE, as create-platform-application takes them.' },
    examples: [
      {
        title: 'To give an application a new credential',
        setup: [MAKE_APP],
        command: `awsmsg sns set-platform-application-attributes --platform-application-arn ${APP} --attributes PlatformCredential=new-server-key`,
      },
    ],
  },
  SetSMSAttributes: {
    description: "Changes the account's SMS settings for the region.",
    options: {
      attributes: `The settings, NAME=VALUE:

- MonthlySpendLimit: the most to spend on SMS a month, in whole USD (1 for a new account).
- DefaultSenderID: the name shown as the sender where countries allow it: 1 to 11 letters and digits, at least one a letter.
- DefaultSMSType: Promotional (cheapest) or Transactional (most reliable, for codes and alerts).
- DeliveryStatusIAMRole, DeliveryStatusSuccessSamplingRate (0 to 100): delivery status logging.
- UsageReportS3Bucket: where AWS writes daily SMS usage reports.`,
    },
    examples: [
      {
        title: 'To send transactional SMS as "ACME"',
        command: 'awsmsg sns set-sms-attributes --attributes DefaultSMSType=Transactional,DefaultSenderID=ACME && awsmsg sns get-sms-attributes',
      },
    ],
  },
  SetSubscriptionAttributes: {
    description: `Changes one setting of a subscription: its filter policy, raw delivery, delivery or redrive policy. An empty value removes the setting (as does a filter policy of {}).`,
    options: {
      SubscriptionArn: SUBSCRIPTION_ARN,
      AttributeName: SUBSCRIPTION_ATTRIBUTES,
      AttributeValue: 'The new value (JSON for the policies, as a string). Empty to remove the setting.',
    },
    examples: [
      {
        title: 'To give a subscription only the "shipped" messages',
        setup: [...QUEUE_SUBSCRIBED, SUB_ARN],
        command: `awsmsg sns set-subscription-attributes --subscription-arn "$S" --attribute-name FilterPolicy --attribute-value '{"type": ["shipped"]}'`,
      },
      {
        title: 'To deliver messages without the JSON envelope',
        setup: [...QUEUE_SUBSCRIBED, SUB_ARN],
        command: 'awsmsg sns set-subscription-attributes --subscription-arn "$S" --attribute-name RawMessageDelivery --attribute-value true',
      },
    ],
  },
  SetTopicAttributes: {
    description: 'Changes one setting of a topic: display name, access policy, delivery policy, signature version, ... An empty value removes settings that have a default.',
    options: {
      TopicArn: TOPIC_ARN,
      AttributeName: TOPIC_ATTRIBUTES,
      AttributeValue: 'The new value (JSON for the policies, as a string).',
    },
    examples: [
      {
        title: 'To sign messages with SHA256withRSA',
        setup: [MAKE_TOPIC],
        command: `awsmsg sns set-topic-attributes --topic-arn ${T} --attribute-name SignatureVersion --attribute-value 2`,
      },
    ],
  },
  Subscribe: {
    description: `Subscribes an endpoint to a topic: from now on it gets a copy of every message published there (that its filter policy lets through). An SQS queue of the same account, Lambda function or Firehose stream is subscribed at once; an HTTP/S URL or e-mail address must confirm first (the subscription is "pending confirmation" until confirm-subscription, or visiting the SubscribeURL), and so must a queue of another account.

Subscribing the same endpoint twice returns the existing subscription. HTTP/S endpoints are really called here: the confirmation request is POSTed to the URL.`,
    options: {
      TopicArn: TOPIC_ARN,
      Protocol: `How to deliver:

- sqs: to an SQS queue; the endpoint is the queue's ARN.
- http, https: POST to a URL; the endpoint is the URL.
- email, email-json: e-mail (plain text, or the JSON envelope); the endpoint is the address. Recorded in the outbox.
- sms: a text message; the endpoint is a phone number. Recorded in the outbox.
- application: a mobile push notification; the endpoint is a device endpoint's ARN. Recorded in the outbox.
- lambda: a Lambda function's ARN; firehose: a Firehose delivery stream's ARN. Recorded in the outbox.`,
      Endpoint: 'Where to deliver, in the protocol\'s form (see --protocol). (AWS\'s API calls it Endpoint; the AWS CLI\'s flag is --notification-endpoint.)',
      Attributes: SUBSCRIPTION_ATTRIBUTES,
      ReturnSubscriptionArn: 'Print the subscription\'s ARN even while it waits for confirmation (instead of "pending confirmation").',
    },
    output: { SubscriptionArn: 'The subscription\'s ARN, or "pending confirmation" while it waits for confirmation (unless --return-subscription-arn).' },
    examples: [
      {
        title: 'To subscribe an SQS queue',
        setup: [MAKE_TOPIC, 'awsmsg sqs create-queue --queue-name billing'],
        command: `awsmsg sns subscribe --topic-arn ${T} --protocol sqs --notification-endpoint ${BILLING}`,
      },
      {
        title: 'To subscribe a queue to "shipped" messages only, delivered raw',
        setup: [MAKE_TOPIC, 'awsmsg sqs create-queue --queue-name shipping'],
        command: `awsmsg sns subscribe --topic-arn ${T} --protocol sqs --notification-endpoint arn:aws:sqs:us-east-1:000000000000:shipping --attributes '{"RawMessageDelivery": "true", "FilterPolicy": "{\\"type\\": [\\"shipped\\"]}"}'`,
      },
      {
        title: 'To subscribe an e-mail address (it must confirm)',
        setup: [MAKE_TOPIC],
        command: `awsmsg sns subscribe --topic-arn ${T} --protocol email --notification-endpoint ops@example.com`,
      },
    ],
  },
  TagResource: {
    description: 'Adds tags to a topic, or changes the value of tags it has. Tags label topics for cost allocation and bookkeeping; SNS gives them no meaning.',
    options: { ResourceArn: RESOURCE_ARN, Tags: TAGS, 'Tags.Key': "The tag's key, 1 to 128 characters.", 'Tags.Value': 'Its value, up to 256 characters.' },
    examples: [
      {
        title: 'To tag a topic',
        setup: [MAKE_TOPIC],
        command: `awsmsg sns tag-resource --resource-arn ${T} --tags Key=team,Value=shop Key=env,Value=dev`,
      },
    ],
  },
  Unsubscribe: {
    description: 'Removes a subscription: its endpoint gets no more messages from the topic. An HTTP/S endpoint is sent an UnsubscribeConfirmation. Unsubscribing twice is not an error.',
    options: { SubscriptionArn: SUBSCRIPTION_ARN },
    examples: [
      {
        title: 'To unsubscribe',
        setup: [...QUEUE_SUBSCRIBED, SUB_ARN],
        command: 'awsmsg sns unsubscribe --subscription-arn "$S"',
      },
    ],
  },
  UntagResource: {
    description: 'Removes tags from a topic, by key. Keys the topic does not have are ignored.',
    options: { ResourceArn: RESOURCE_ARN, TagKeys: 'The keys of the tags to remove.' },
    examples: [
      {
        title: 'To remove a tag',
        setup: ['awsmsg sns create-topic --name orders --tags Key=team,Value=shop Key=env,Value=dev'],
        command: `awsmsg sns untag-resource --resource-arn ${T} --tag-keys env`,
      },
    ],
  },
  VerifySMSSandboxPhoneNumber: {
    description: 'Verifies a phone number of the SMS sandbox with the one-time password create-sms-sandbox-phone-number sent it. Once verified, a sandboxed account can send it SMS.',
    options: {
      PhoneNumber: SMS_PHONE,
      OneTimePassword: 'The 6-digit code the number received (here: in the SMS in the outbox).',
    },
    examples: [
      {
        title: 'To verify a sandbox number with the code from the outbox',
        setup: [`awsmsg sns create-sms-sandbox-phone-number --phone-number ${PHONE}`, SANDBOX_OTP],
        command: `awsmsg sns verify-sms-sandbox-phone-number --phone-number ${PHONE} --one-time-password "$OTP" && awsmsg sns list-sms-sandbox-phone-numbers`,
      },
    ],
  },
};

export const help: ServiceHelp = {
  about: `A topic copies each message published to it to every subscription: SQS queues, HTTP/S endpoints, e-mail addresses, phone numbers, mobile apps, Lambda functions, Firehose streams. Publishers need not know who listens; each subscriber can take only what its filter policy asks for. Use SNS to tell many parts of a system about one event ("fan-out"), often into one SQS queue per consumer.

Standard topics deliver in any order; FIFO topics (names ending in .fifo) keep order per message group, deduplicate, and deliver to FIFO queues. Here deliveries to SQS happen in the publishing transaction, HTTP/S endpoints are really called, and what awsmsg cannot reach (e-mail, SMS, push, Lambda, Firehose) is recorded in the outbox: awsmsg sns outbox.`,
  pages,
};
