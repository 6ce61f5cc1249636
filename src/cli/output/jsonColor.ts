/** awsmsg's JSON colouring (the AWS CLI prints JSON uncoloured); loaded only when colour is on. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { JsonPalette } from './json.js';

/** Keys, strings, numbers and true/false/null each in their own colour (16-colour ANSI). */
export function colorPalette(chalk: ChalkInstance = new Chalk({ level: 1 })): JsonPalette {
  return {
    key: (t) => chalk.blue(t),
    string: (t) => chalk.green(t),
    number: (t) => chalk.yellow(t),
    literal: (t) => chalk.magenta(t),
  };
}
