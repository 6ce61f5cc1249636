/** Every example of the pages of awsmsg's own commands runs and prints what its page shows (see examples.ts). */
import { describe } from 'vitest';
import { pages } from '../../src/help/own.js';
import { exampleTests } from './examples.js';

describe('own command help examples', () => {
  exampleTests('own', Object.fromEntries(Object.entries(pages).map(([key, page]) => [key, page.examples])));
});
