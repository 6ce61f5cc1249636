/** The pages of awsmsg's own commands (`awsmsg clock help`, `awsmsg sns outbox help`, ...). */
import type { OwnCommandHelp, RecordedOutputs } from './types.js';
import examples from './examples/own.json' with { type: 'json' };

export const recorded = examples as RecordedOutputs;

export const pages: Record<string, OwnCommandHelp> = {};
