/** The `awsmsg` process: runs one command line and exits with the AWS CLI's status. */
import { runCommand } from './run.js';
import { createSession, processIo } from './io.js';
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
  const io = processIo(controller.signal);
  const session = createSession();
  let code: number;
  try {
    code = await runCommand(argv, io, session);
  } finally {
    session.close();
  }
  process.exitCode = interrupted ? status : code;
}

void main();
