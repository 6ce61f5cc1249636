/** The `awsmsg` process: runs one command line and exits with the AWS CLI's status. */
import { runCommand } from './run.js';
import { createSession, processIo } from './io.js';
import { EXIT } from './exit.js';

async function main(): Promise<void> {
  const controller = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    // First Ctrl-C: stop long polls and watchers cleanly; a second one ends at once.
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    controller.abort();
  });
  const argv = process.argv.slice(2);
  // `awsmsg` alone on a terminal opens the interactive shell; without one it prints the usage.
  if (argv.length === 0 && process.stdin.isTTY && process.stdout.isTTY) argv.push('shell');
  const io = processIo(controller.signal);
  const session = createSession();
  let code: number;
  try {
    code = await runCommand(argv, io, session);
  } finally {
    session.close();
  }
  process.exitCode = interrupted ? EXIT.interrupted : code;
}

void main();
