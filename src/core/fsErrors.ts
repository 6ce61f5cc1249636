/**
 * File-system errors in words. Node's messages ("EACCES: permission denied, open '/x'") are
 * for programmers; a user is told what is wrong in a phrase that fits after the path a
 * message names ("Unable to create the state file /x: permission denied").
 */
import { nodeOs } from './nodeOs.js';

const PHRASES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (a file marked immutable, or permission denied)',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  EEXIST: 'it already exists',
  ELOOP: 'too many symbolic links on the path',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EIO: 'an input/output error',
  ENXIO: 'no such device or address',
  EBUSY: 'the device or resource is busy',
  ETXTBSY: 'the file is busy',
  EINVAL: 'an invalid argument (the file system does not support this)',
};

/** The error's code, if it is a Node system error ("ENOENT"). */
export const errnoCode = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('E') ? code : undefined;
};

/**
 * What went wrong, as a phrase without error codes or paths: "permission denied". For a code
 * not listed, the system's own description from Node's message ("ECODE: description, syscall
 * 'path'"), which is the C library's wording.
 */
export function fsReason(e: unknown): string {
  const code = errnoCode(e);
  if (code && PHRASES[code]) return PHRASES[code];
  const message = e instanceof Error ? e.message : String(e);
  const m = /^E[A-Z0-9]+: ([^,]+)/.exec(message);
  return m ? m[1]! : message;
}

/** Python's strerror for an errno code ("Permission denied"), as the AWS CLI's messages show it. */
export function pyStrerror(e: unknown): { errno?: number; text: string } {
  const code = errnoCode(e);
  const errno = code ? (nodeOs().constants.errno as Record<string, number>)[code] : undefined;
  const message = e instanceof Error ? e.message : String(e);
  const m = /^E[A-Z0-9]+: ([^,]+)/.exec(message);
  const text = m ? m[1]! : fsReason(e);
  return { errno, text: text.charAt(0).toUpperCase() + text.slice(1) };
}
