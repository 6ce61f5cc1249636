import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * The state file's content as text: the schema version, then every row of every table, rows
 * sorted, one JSON array a line. Two dumps are equal exactly when the file holds the same
 * data, so a test can show that a failed command changed nothing (and print what did change).
 */
export function stateDump(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const out = [`user_version ${String(db.pragma('user_version', { simple: true }))}`];
    for (const name of tables) {
      const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((row) =>
        JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? String(v) : v))),
      );
      out.push(`[${name}]`, ...rows.sort());
    }
    return `${out.join('\n')}\n`;
  } finally {
    db.close();
  }
}

/** A hash of stateDump: cheap to keep and compare. */
export function stateDigest(path: string): string {
  return createHash('sha256').update(stateDump(path)).digest('hex');
}

/** The lines of `after` that are not in `before`, and the other way round: what a command changed. */
export function stateChanges(before: string, after: string): string {
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const removed = [...a].filter((l) => !b.has(l)).map((l) => `- ${l}`);
  const added = [...b].filter((l) => !a.has(l)).map((l) => `+ ${l}`);
  return [...removed, ...added].join('\n').slice(0, 4000);
}
