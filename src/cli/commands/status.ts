import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { CommandEnv } from '../run.js';
import { useColor } from '../print.js';
import { resolveStatePath } from '../../store/db.js';
import { EXIT } from '../exit.js';

const WATCH_MS = 1000;

/**
 * `awsmsg status`: every queue, topic, stream and KCL consumer application of the state
 * file as tables; `--watch` redraws every second until Ctrl-C; with `--output` (json, yaml,
 * text, table) and `--query` the same data is printed as an operation's result, for scripts.
 */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .option('--watch', 'redraw every second until Ctrl-C')
    .option('--application-name <name...>', 'show only these KCL consumer applications (leases, workers, lag); all by default')
    .action(async (opts: { watch?: boolean; applicationName?: string[] }) => {
      const path = resolveStatePath(env.globals.db, env.io.env);
      const { collectStatus } = await import('../../status/collect.js');
      const { renderStatus } = await import('../../status/render.js');
      const color = useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY);
      const scripted = env.globals.output !== undefined || env.globals.query !== undefined;
      const once = async (): Promise<string | undefined> => {
        if (!existsSync(path)) return undefined; // looking must not create a state file
        const ctx = env.ctx();
        // looking only: on a read-only file, what follows from the clock is brought up to date in memory
        const report = await ctx.store.looking(() => collectStatus(ctx, { applications: opts.applicationName }));
        if (scripted) {
          await env.print(report, 'Status');
          return '';
        }
        return renderStatus(report, { color });
      };
      if (!opts.watch) {
        const text = await once();
        if (text === undefined) env.io.out(`No state file at ${path} yet: nothing to show.\n`);
        else env.io.out(text);
        return;
      }
      const { signal } = env.io;
      while (!signal.aborted) {
        const text = await once();
        // Redraw in place on a terminal; scripts get one report after another.
        if (env.io.stdoutIsTTY && !scripted) env.io.out('\x1b[H\x1b[2J');
        env.io.out(text ?? `No state file at ${path} yet: nothing to show.\n`);
        if (env.io.stdoutIsTTY && !scripted) env.io.out('(refreshing every second; Ctrl-C to stop)\n');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, WATCH_MS);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          }, { once: true });
        });
      }
      done(EXIT.interrupted);
    });
}
