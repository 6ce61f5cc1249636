/**
 * Whether a file descriptor is a terminal, without loading `node:tty` for the many runs whose
 * output goes to a pipe, a file or /dev/null: that module brings Node's network streams with
 * it, a few milliseconds of every command's start-up. Only a character device can be a
 * terminal, and /dev/null is the one character device commands are commonly sent to; anything
 * else is asked of `node:tty`, loaded then.
 */
import { fstatSync, statSync, type Stats } from 'node:fs';

export function isTerminal(fd: number): boolean {
  let st: Stats;
  try {
    st = fstatSync(fd);
  } catch {
    return false; // closed descriptor
  }
  if (!st.isCharacterDevice()) return false;
  if (isDevNull(st)) return false;
  return process.getBuiltinModule('node:tty').isatty(fd);
}

function isDevNull(st: Stats): boolean {
  try {
    const devNull = statSync('/dev/null');
    return devNull.isCharacterDevice() && devNull.rdev === st.rdev;
  } catch {
    return false; // no /dev/null here (Windows): ask node:tty
  }
}
