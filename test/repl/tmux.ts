/**
 * A program in a real terminal: a tmux session on its own server socket, driven with
 * send-keys and read with capture-pane. Waiting is for text to appear (with a deadline),
 * never for a fixed time.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { quoteWord } from '../../src/repl/split.js';
import { BIN } from '../helpers/cli.js';

export const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;

export interface TerminalOptions {
  cwd: string;
  width?: number;
  height?: number;
}

export class Terminal {
  private constructor(
    private readonly socket: string,
    private readonly name: string,
  ) {}

  /** Starts `awsmsg <args>` in a terminal of the given size with exactly this environment. */
  static start(args: string[], env: NodeJS.ProcessEnv, opts: TerminalOptions): Terminal {
    return Terminal.startProgram([process.execPath, BIN, ...args], env, opts);
  }

  /** Starts a program (its argv) in a terminal of the given size with exactly this environment. */
  static startProgram(argv: string[], env: NodeJS.ProcessEnv, opts: TerminalOptions): Terminal {
    // the server's socket in a directory of its own, removed with it (not tmux's /tmp/tmux-UID)
    const socket = join(mkdtempSync(join(tmpdir(), 'awsmsg-tmux-')), 'socket');
    const vars = Object.entries({ ...env, TERM: 'xterm-256color' })
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${quoteWord(v!)}`);
    // After the program ends, its status stays on screen until the test kills the session.
    const program = ['env', '-i', ...vars, ...argv].map((w, i) => (i < 2 + vars.length ? w : quoteWord(w))).join(' ');
    const command = `${program}; echo "[exit $?]"; exec sleep 600`;
    execFileSync('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', String(opts.width ?? 160), '-y', String(opts.height ?? 50), '-c', opts.cwd, command]);
    return new Terminal(socket, 'main');
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types text as it is (no key names). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', '--', text);
  }

  /** Presses keys by tmux name: Enter, Tab, Up, C-c, C-d, ... */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /**
   * The screen and its scrollback, wrapped lines joined; with escapes (colours) when asked;
   * only what is on the screen now with `visible` (a prompt redrawn in place leaves old
   * copies in the scrollback once the screen has scrolled).
   */
  screen(opts: { escapes?: boolean; visible?: boolean } = {}): string {
    return this.tmux('capture-pane', '-p', '-J', ...(opts.visible ? [] : ['-S', '-']), ...(opts.escapes ? ['-e'] : []), '-t', this.name);
  }

  /** Waits until the screen matches; returns the screen. Fails with the screen after the deadline. */
  async waitFor(pattern: RegExp | string, timeoutMs = 15_000, opts: { visible?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = this.screen(opts);
      if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${String(pattern)}; it shows:\n${text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the program to end and returns its status. */
  async exitStatus(timeoutMs = 15_000): Promise<number> {
    const text = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(text)![1]);
  }

  /** Whether the first place the screen shows `text` is drawn dim (SGR 2 on, not turned off since). */
  isDim(text: string): boolean {
    const screen = this.screen({ escapes: true });
    const at = screen.indexOf(text);
    if (at < 0) return false;
    let dim = false;
    for (const m of screen.slice(0, at).matchAll(/\x1b\[([\d;]*)m/g)) {
      const ps = m[1]!.split(';');
      for (let i = 0; i < ps.length; i++) {
        const p = ps[i];
        if (p === '38' || p === '48') i += ps[i + 1] === '5' ? 2 : 4; // a colour's own numbers
        else if (p === '' || p === '0' || p === '22') dim = false;
        else if (p === '2') dim = true;
      }
    }
    return dim;
  }

  kill(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(dirname(this.socket), { recursive: true, force: true });
  }
}
