/** Every example of the Kinesis help pages (operations and waiters) runs and prints what its page shows (see examples.ts). */
import { describe } from 'vitest';
import { help } from '../../src/help/kinesis.js';
import { exampleTests } from './examples.js';

describe('kinesis help examples', () => {
  exampleTests('kinesis', {
    ...Object.fromEntries(Object.entries(help.pages).map(([op, page]) => [op, page.examples])),
    ...Object.fromEntries(Object.entries(help.waiters ?? {}).map(([name, page]) => [`wait ${name}`, page.examples])),
  });
});
