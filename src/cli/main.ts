/** The `awsmsg` process: runs one command line and exits with the AWS CLI's status. */
import { runCommand } from './run.js';
import { createSession, processIo } from './io.js';
import { isTerminal } from './terminal.js';
import { EXIT } from './exit.js';

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupted = false;
  let status: number = EXIT.interrupted;
  const stop = (code: number) => () => {
    // First signal: stop long polls, workers and watchers cleanly; a second one ends at once.
    if (interrupted) process.exit(code);
    interrupted = true;
    status = code;
    controller.abort();
  };
  process.on('SIGINT', stop(EXIT.interrupted));
  process.on('SIGTERM', stop(143));
  const argv = process.argv.slice(2);
  // `awsmsg` alone on a terminal opens the interactive shell; without one it prints the usage.
  if (argv.length === 0 && isTerminal(0) && isTerminal(1)) argv.push('shell');
  const io = processIo(controller.signal);
  const session = createSession();
  // The state file is not closed on the way out: the last connection to close checkpoints
  // the WAL with an fsync, milliseconds a one-shot command need not spend. Every commit is
  // already in the WAL, so nothing is lost; SQLite checkpoints as the WAL grows.
  const code = await runCommand(argv, io, session);
  process.exitCode = interrupted ? status : code;
}

void main();
