/**
 * The bridge to the filter-policy engine (filterPolicy.ts): compiling a subscription's policy
 * with AWS's error wording for the call at hand, and matching a message against it.
 */
import {
  asSubscribeAttributesError,
  compileFilterPolicy,
  explainFilterPolicy,
  FilterPolicyError,
  matchesFilterPolicy,
  type CompiledFilterPolicy,
} from './filterPolicy.js';
import type { MessageAttributes } from './messages.js';

export type FilterScope = 'MessageAttributes' | 'MessageBody';

export interface FilterableMessage {
  attributes: MessageAttributes;
  body: string;
}

/**
 * Compiles a filter policy. Subscribe reports problems as "Invalid parameter: Attributes
 * Reason: FilterPolicy: ...", SetSubscriptionAttributes as "Invalid parameter: FilterPolicy: ...".
 */
export function compileSubscriptionFilter(policy: string, scope: FilterScope, subscribeCall: boolean): CompiledFilterPolicy {
  try {
    return compileFilterPolicy(policy, scope);
  } catch (e) {
    if (subscribeCall && e instanceof FilterPolicyError) throw asSubscribeAttributesError(e);
    throw e;
  }
}

export function filterMatches(compiled: CompiledFilterPolicy, message: FilterableMessage): boolean {
  return matchesFilterPolicy(compiled, { attributes: message.attributes, body: message.body });
}

export function filterExplain(compiled: CompiledFilterPolicy, message: FilterableMessage): { matched: boolean; reasons: string[] } {
  return explainFilterPolicy(compiled, { attributes: message.attributes, body: message.body });
}

export type { CompiledFilterPolicy };
