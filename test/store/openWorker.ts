/**
 * A separate OS process for the first-open race test: for every state file path it reads on
 * stdin (one a line), it opens the file as a command would — the first command on a new file
 * creates and migrates it — creates a queue in it and closes it, then prints one JSON line:
 * {"ok": true} or {"error": "..."}. Bundled by the test with esbuild.
 */
import { createInterface } from 'node:readline';
import { DEFAULT_ACCOUNT_ID } from '../../src/core/context.js';
import { handlers } from '../../src/services/sqs/index.js';
import { openStore } from '../../src/store/db.js';

const name = process.argv[2]!;
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

const lines = createInterface({ input: process.stdin, terminal: false });
lines.on('line', async (path) => {
  try {
    const store = openStore(path);
    try {
      await handlers.CreateQueue!({ store, region: 'us-east-1', accountId: DEFAULT_ACCOUNT_ID }, { QueueName: name });
    } finally {
      store.close();
    }
    out({ ok: true });
  } catch (e) {
    out({ error: `${(e as Error).message} (${(e as { code?: string }).code ?? (e as Error).name})` });
  }
});
out({ ready: name });
