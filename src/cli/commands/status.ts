import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { CommandEnv } from '../run.js';
import { useColor } from '../print.js';
import { resolveStatePath } from '../../store/db.js';
import { EXIT } from '../exit.js';
import { AwsError } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';

const WATCH_MS = 1000;

// the alternate screen, as full-screen programs use it: what was on the terminal comes back after
const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l';
const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l';
const HOME_AND_CLEAR = '\x1b[H\x1b[2J';

/**
 * `awsmsg status`: every queue, topic, stream and KCL consumer application of the state file.
 * On a terminal, a dashboard that fits it (src/status/dashboard.ts); `--watch` redraws it every
 * second on the alternate screen, one screen per refresh, and keeps queue samples for its
 * trends, until Ctrl-C. Without a terminal, tables (src/status/render.ts); with `--output`
 * (json, yaml, text, table) and `--query`, the same data as an operation's result, for scripts.
 */
export function define(cmd: Command, env: CommandEnv, done: (code: number) => void): void {
  cmd
    .option('--watch', 'redraw every second until Ctrl-C (on a remote target: every few seconds, paced)')
    .option('--application-name <name...>', 'show only these KCL consumer applications (leases, workers, lag); all by default')
    .action(async (opts: { watch?: boolean; applicationName?: string[] }) => {
      if (env.target()) {
        await remoteStatus(env, opts, done);
        return;
      }
      const path = resolveStatePath(env.globals.db, env.io.env);
      const color = useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY);
      const scripted = env.globals.output !== undefined || env.globals.query !== undefined;
      const dashboard = env.io.stdoutIsTTY && !scripted;
      const nothing = `No state file at ${path} yet: nothing to show.\n`;
      const size = () => ({ width: process.stdout.columns || env.io.columns || 80, height: process.stdout.rows || 24 });
      /** One report as text; undefined when there is no state file (looking must not create one). */
      const once = async (sample: boolean, reserve: number): Promise<string | undefined> => {
        if (!existsSync(path)) return undefined;
        if (dashboard) {
          const { collectDashboard, renderDashboard } = await import('../../status/dashboard.js');
          const ctx = env.ctx();
          // looking only: on a read-only file, what follows from the clock is brought up to date in memory
          const data = await ctx.store.looking(() => collectDashboard(ctx, { applications: opts.applicationName, sample }));
          const { width, height } = size();
          return renderDashboard(data, { width, height: height - reserve, color, home: env.io.env.HOME }).join('\n');
        }
        const { collectStatus } = await import('../../status/collect.js');
        const ctx = env.ctx();
        const report = await ctx.store.looking(() => collectStatus(ctx, { applications: opts.applicationName }));
        if (scripted) {
          await env.print(report, 'Status');
          return '';
        }
        const { renderStatus } = await import('../../status/render.js');
        return renderStatus(report, { color });
      };
      if (!opts.watch) {
        // on a terminal, leave a line for the prompt that follows
        const text = await once(false, 1);
        if (text === undefined) env.io.out(nothing);
        else env.io.out(dashboard ? `${text}\n` : text);
        return;
      }
      const { signal } = env.io;
      if (!dashboard) {
        // scripts and pipes get one report after another
        while (!signal.aborted) {
          const text = await once(false, 0);
          env.io.out(text ?? nothing);
          await pause(signal);
        }
        done(EXIT.interrupted);
        return;
      }
      env.io.out(ENTER_SCREEN);
      try {
        while (!signal.aborted) {
          // the last line is the status bar: no newline after it, so the screen never scrolls
          const text = (await once(true, 1)) ?? nothing.trimEnd();
          const { width, height } = size();
          const bar = 'refreshing every second; Ctrl-C to stop'.slice(0, width);
          // the bar on the bottom line
          const fill = '\n'.repeat(Math.max(1, height - text.split('\n').length));
          env.io.out(`${HOME_AND_CLEAR}${text}${fill}${color ? `\x1b[2m${bar}\x1b[22m` : bar}`);
          await pause(signal);
        }
      } finally {
        env.io.out(LEAVE_SCREEN);
      }
      done(EXIT.interrupted);
    });
}

/** A second, or less if the signal aborts. */
function pause(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, WATCH_MS);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * status against a remote target: the tables, read through the target's operations, paced
 * below AWS's control-plane rates; --watch backs off when the endpoint throttles.
 */
async function remoteStatus(env: CommandEnv, opts: { watch?: boolean; applicationName?: string[] }, done: (code: number) => void): Promise<void> {
  const target = env.target()!;
  const path = resolveStatePath(env.globals.db, env.io.env);
  const { collectStatus } = await import('../../status/collect.js');
  const { renderStatus } = await import('../../status/render.js');
  const color = useColor(env.globals.color, env.io.env, env.io.stdoutIsTTY);
  const scripted = env.globals.output !== undefined || env.globals.query !== undefined;
  const { pacedTarget, RemotePace } = await import('../../remote/pace.js');
  const remoteCtx = Object.create(env.ctx(), { target: { value: pacedTarget(target) } });
  const once = async (): Promise<string> => {
    const report = await collectStatus(remoteCtx, { applications: opts.applicationName, localLeases: existsSync(path) });
    if (scripted) {
      await env.print(report, 'Status');
      return '';
    }
    return renderStatus(report, { color });
  };
  if (!opts.watch) {
    env.io.out(await once());
    return;
  }
  const { signal } = env.io;
  const pace = new RemotePace();
  while (!signal.aborted) {
    const started = Date.now();
    let text: string | undefined;
    let note = '';
    try {
      text = await once();
      pace.refreshed(Date.now() - started);
    } catch (e) {
      // throttled by AWS: wait longer before the next look, and say so
      if (!isThrottling(e)) throw e;
      pace.throttled();
      note = `(throttled by the endpoint: ${(e as Error).message}; slowing down)\n`;
    }
    // Redraw in place on a terminal; scripts get one report after another.
    if (env.io.stdoutIsTTY && !scripted) env.io.out(HOME_AND_CLEAR);
    if (text !== undefined) env.io.out(text);
    env.io.out(note);
    const every = pace.intervalMs;
    if (env.io.stdoutIsTTY && !scripted) env.io.out(`(refreshing every ${Math.round(every / 1000)} s, paced for ${target.label}; Ctrl-C to stop)\n`);
    await sleep(every, signal);
  }
  done(EXIT.interrupted);
}

/** Throttling errors as AWS names them (the refresh after one waits longer). */
const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'LimitExceededException', 'RequestThrottled', 'TooManyRequestsException']);
const isThrottling = (e: unknown): boolean => e instanceof AwsError && THROTTLING.has(e.code);
