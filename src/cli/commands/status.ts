import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { CommandEnv } from '../run.js';
import { useColor } from '../print.js';
import { resolveStatePath } from '../../store/db.js';
import { EXIT } from '../exit.js';
import { AwsError } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';

const WATCH_MS = 1000;

/**
 * `awsmsg status`: every queue, topic, stream and KCL consumer application of the state
 * file as tables; `--watch` redraws every second until Ctrl-C; with `--output` (json, yaml,
 * text, table) and `--query` the same data is printed as an operation's result, for scripts.
 */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .option('--watch', 'redraw every second until Ctrl-C (on a remote target: every few seconds, paced)')
    .option('--application-name <name...>', 'show only these KCL consumer applications (leases, workers, lag); all by default')
    .action(async (opts: { watch?: boolean; applicationName?: string[] }) => {
      const path = resolveStatePath(env.globals.db, env.io.env);
      const { collectStatus } = await import('../../status/collect.js');
      const { renderStatus } = await import('../../status/render.js');
      const color = useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY);
      const scripted = env.globals.output !== undefined || env.globals.query !== undefined;
      const target = env.target();
      // a remote target is read through its operations, paced below AWS's control-plane rates
      const remoteCtx = target ? Object.create(env.ctx(), { target: { value: (await import('../../remote/pace.js')).pacedTarget(target) } }) : undefined;
      const once = async (): Promise<string | undefined> => {
        if (!remoteCtx && !existsSync(path)) return undefined; // looking must not create a state file
        const report = remoteCtx
          ? await collectStatus(remoteCtx, { applications: opts.applicationName, localLeases: existsSync(path) })
          : await collectStatus(env.ctx(), { applications: opts.applicationName });
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
      const pace = remoteCtx ? new (await import('../../remote/pace.js')).RemotePace() : undefined;
      while (!signal.aborted) {
        const started = Date.now();
        let text: string | undefined;
        let note = '';
        try {
          text = await once();
          pace?.refreshed(Date.now() - started);
        } catch (e) {
          // throttled by AWS: wait longer before the next look, and say so
          if (!pace || !isThrottling(e)) throw e;
          pace.throttled();
          note = `(throttled by the endpoint: ${(e as Error).message}; slowing down)\n`;
        }
        // Redraw in place on a terminal; scripts get one report after another.
        if (env.io.stdoutIsTTY && !scripted) env.io.out('\x1b[H\x1b[2J');
        if (text !== undefined || !pace) env.io.out(text ?? `No state file at ${path} yet: nothing to show.\n`);
        env.io.out(note);
        const every = pace ? pace.intervalMs : WATCH_MS;
        if (env.io.stdoutIsTTY && !scripted) {
          env.io.out(pace ? `(refreshing every ${Math.round(every / 1000)} s, paced for ${target!.label}; Ctrl-C to stop)\n` : '(refreshing every second; Ctrl-C to stop)\n');
        }
        await sleep(every, signal);
      }
      done(EXIT.interrupted);
    });
}

/** Throttling errors as AWS names them (the refresh after one waits longer). */
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'LimitExceededException', 'RequestThrottled', 'TooManyRequestsException']);
const isThrottling = (e: unknown): boolean => e instanceof AwsError && THROTTLING.has(e.code);
