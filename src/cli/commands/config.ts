/**
 * `awsmsg config`: the settings of a state file, kept in the file itself so that every process
 * sharing it behaves alike.
 *
 *   awsmsg config                      # every setting, its value, and what it does
 *   awsmsg config get sqs.standard-queue-realism
 *   awsmsg config set sqs.standard-queue-realism on
 *   awsmsg config unset sqs.realism-seed         # back to the default
 *
 * Looking (list, get) never creates a state file; with --output or --query, list prints its
 * data as an operation's result.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { CliError } from '../../core/errors.js';
import { resolveStatePath } from '../../store/db.js';
import { setSetting, storedSetting, type SettingSpec } from '../../store/settings.js';
import { REALISM, REALISM_SEED } from '../../services/sqs/realism.js';
import type { CommandEnv } from '../run.js';

export const SETTINGS: readonly SettingSpec[] = [REALISM, REALISM_SEED];

function spec(name: string): SettingSpec {
  const found = SETTINGS.find((s) => s.name === name);
  if (!found) throw new CliError('usage', `Unknown setting '${name}'. Settings: ${SETTINGS.map((s) => s.name).join(', ')}.`);
  return found;
}

/** The stored value of each setting (undefined: its default); no state file yet, all defaults. */
function stored(env: CommandEnv): (s: SettingSpec) => string | undefined {
  if (!existsSync(resolveStatePath(env.globals.db, env.io.env))) return () => undefined;
  const { store } = env.ctx();
  return (s) => storedSetting(store, s.name);
}

export function define(cmd: Command, env: CommandEnv): void {
  const list = async (): Promise<void> => {
    const value = stored(env);
    const rows = SETTINGS.map((s) => ({ Name: s.name, Value: value(s) ?? s.default, IsDefault: value(s) === undefined, Description: s.description }));
    if (env.globals.output !== undefined || env.globals.query !== undefined) {
      await env.print({ Settings: rows }, 'Config');
      return;
    }
    const width = Math.max(...rows.map((r) => r.Name.length));
    const valueWidth = Math.max(...rows.map((r) => r.Value.length), 3);
    for (const r of rows) {
      env.io.out(`${r.Name.padEnd(width)}  ${r.Value.padEnd(valueWidth)}  ${r.IsDefault ? '(default) ' : '          '}${r.Description}\n`);
    }
  };
  cmd.action(list);
  cmd.command('list').description('every setting, its value and what it does').action(list);
  cmd
    .command('get')
    .description("a setting's value")
    .argument('<name>', 'the setting, e.g. sqs.standard-queue-realism')
    .action((name: string) => {
      const s = spec(name);
      env.io.out(`${stored(env)(s) ?? s.default}\n`);
    });
  cmd
    .command('set')
    .description('change a setting of this state file (every process using it sees the change)')
    .argument('<name>', 'the setting, e.g. sqs.standard-queue-realism')
    .argument('<value>', 'its new value, e.g. on')
    .action((name: string, value: string) => {
      const s = spec(name);
      s.parse(value); // a bad value is refused before the state file is opened (or created)
      setSetting(env.ctx().store, s, value);
    });
  cmd
    .command('unset')
    .description('put a setting back to its default')
    .argument('<name>', 'the setting')
    .action((name: string) => {
      const s = spec(name);
      if (existsSync(resolveStatePath(env.globals.db, env.io.env))) setSetting(env.ctx().store, s, undefined);
    });
}
