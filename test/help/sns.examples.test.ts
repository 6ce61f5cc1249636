/** Every example of the SNS help pages runs and prints what its page shows (see examples.ts). */
import { describe } from 'vitest';
import { help } from '../../src/help/sns.js';
import { exampleTests } from './examples.js';

describe('sns help examples', () => {
  exampleTests('sns', Object.fromEntries(Object.entries(help.pages).map(([op, page]) => [op, page.examples])));
});
