/**
 * `node:os`, loaded on first use: loading it costs a one-shot command about half a
 * millisecond, and most commands never need it (the home folder is in HOME).
 */

type NodeOs = typeof import('node:os');

export const nodeOs = (): NodeOs => process.getBuiltinModule('node:os');

/** The user's home folder: the environment's HOME, else what `os.homedir()` finds. */
export const homeDir = (env: NodeJS.ProcessEnv = process.env): string => env.HOME || nodeOs().homedir();

/** A path as the reader would type it: ~/... under the home folder. */
export function tildePath(path: string, env: NodeJS.ProcessEnv): string {
  const home = homeDir(env);
  return home && path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}
