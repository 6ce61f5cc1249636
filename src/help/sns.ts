/** `awsmsg sns ... help`: the pages of the SNS operations, in awsmsg's own words. */
import type { RecordedOutputs, ServiceHelp } from './types.js';
import examples from './examples/sns.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

export const help: ServiceHelp = {
  about: '',
  pages: {},
};
