/** Every example of the SQS help pages runs and prints what its page shows (see examples.ts). */
import { describe } from 'vitest';
import { help } from '../../src/help/sqs.js';
import { exampleTests } from './examples.js';

describe('sqs help examples', () => {
  exampleTests('sqs', Object.fromEntries(Object.entries(help.pages).map(([op, page]) => [op, page.examples])));
});
