/**
 * Micro benchmark for `npm run bench`: evaluations per second of a realistic compiled policy
 * (several keys, a numeric range, a prefix, anything-but, a String.Array attribute) against a
 * mix of matching and non-matching messages.
 */
import { performance } from 'node:perf_hooks';
import { compileFilterPolicy, matchesFilterPolicy, type FilterMessage } from '../services/sns/filterPolicy.js';

const POLICY = JSON.stringify({
  store: [{ prefix: 'example_' }],
  event: [{ 'anything-but': ['order_cancelled', 'order_failed'] }],
  price_usd: [{ numeric: ['>=', 100, '<', 500] }],
  customer_interests: ['rugby', 'football', 'baseball'],
  region: [{ exists: false }],
});

function attributes(store: string, event: string, price: string, interests: string): FilterMessage {
  return {
    body: '',
    attributes: {
      store: { DataType: 'String', StringValue: store },
      event: { DataType: 'String', StringValue: event },
      price_usd: { DataType: 'Number', StringValue: price },
      customer_interests: { DataType: 'String.Array', StringValue: interests },
      trace: { DataType: 'Binary', BinaryValue: Buffer.from('x') },
    },
  };
}

const MESSAGES: FilterMessage[] = [
  attributes('example_corp', 'order_placed', '210.75', '["soccer", "rugby", "hockey"]'),
  attributes('example_corp', 'order_cancelled', '210.75', '["rugby"]'),
  attributes('other_corp', 'order_placed', '99', '["tennis"]'),
  attributes('example_shop', 'order_shipped', '499.99', '["baseball"]'),
];

export function benchFilterPolicy(iterations: number): { perSecond: number; matched: number } {
  const policy = compileFilterPolicy(POLICY, 'MessageAttributes');
  let matched = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    if (matchesFilterPolicy(policy, MESSAGES[i % MESSAGES.length]!)) matched++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: Math.round(iterations / Math.max(seconds, 1e-9)), matched };
}
