/** The `awsmsg` process: runs one command line and exits with the AWS CLI's status. */
import { runCommand } from './run.js';
import { createSession, processIo } from './io.js';
import { isTerminal } from './terminal.js';
import { EXIT } from './exit.js';

async function main(): Promise<void> {
  let controller: AbortController | undefined;
  let interrupted = false;
  let status: number = EXIT.interrupted;
  const stop = (code: number) => () => {
    // First signal: stop long polls, workers and watchers cleanly; a second one ends at once.
    if (interrupted) process.exit(code);
    interrupted = true;
    status = code;
    controller?.abort();
  };
  process.on('SIGINT', stop(EXIT.interrupted));
  process.on('SIGTERM', stop(143));
  // The AbortController is made when something first asks for the signal (a long poll, a
  // waiter, a watcher, the shell), already aborted if Ctrl-C came first: a command that never
  // waits does not pay for loading Node's AbortController at start-up.
  const stopper = {
    signal(): AbortSignal {
      if (!controller) {
        controller = new AbortController();
        if (interrupted) controller.abort();
      }
      return controller.signal;
    },
    interrupted: () => interrupted,
  };
  const argv = process.argv.slice(2);
  // `awsmsg` alone on a terminal opens the interactive shell; without one it prints the usage.
  if (argv.length === 0 && isTerminal(0) && isTerminal(1)) argv.push('shell');
  const streams = watchStdio();
  const io = processIo(stopper);
  const session = createSession();
  // however the process ends (a second Ctrl-C, `| head` closing the pipe, the shell's exit)
  process.on('exit', () => session.settle());
  const code = await runCommand(argv, io, session);
  process.exitCode = interrupted ? status : code;
  // The state file is not closed on the way out. Left to Node's own teardown, better-sqlite3
  // would close it, and the last connection to close checkpoints the WAL with two fsyncs and
  // deletes it, which the next command then creates again with two more; tearing down the
  // JavaScript heap costs as much again. Every commit is already in the WAL, so nothing is
  // lost, and SQLite checkpoints as the WAL grows. So a command that has nothing left to do
  // ends at once; one with work or output still under way ends when that is done.
  if (nothingPending(streams)) process.exit();
}

/**
 * Standard output and error as Node makes them on first use (awsmsg writes to the
 * descriptors itself; the shell, tutorials and the KCL consumer use the streams).
 */
function watchStdio(): () => NodeJS.WriteStream[] {
  const made: NodeJS.WriteStream[] = [];
  for (const name of ['stdout', 'stderr'] as const) {
    const original = Object.getOwnPropertyDescriptor(process, name);
    if (!original?.get || !original.configurable) continue;
    let stream: NodeJS.WriteStream | undefined;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: original.enumerable,
      get() {
        if (!stream) {
          stream = original.get!.call(process) as NodeJS.WriteStream;
          made.push(stream);
        }
        return stream;
      },
    });
  }
  return () => made;
}

/** No timer, socket, child process or file request alive, and no stream output unwritten. */
function nothingPending(streams: () => NodeJS.WriteStream[]): boolean {
  // a terminal's handle stays open and is written synchronously
  if (process.getActiveResourcesInfo().some((r) => r !== 'TTYWrap')) return false;
  return streams().every((s) => s.writableLength === 0);
}

void main();
