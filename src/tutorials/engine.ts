/**
 * Plays a lesson: for each step, what is about to happen, the command, its output, and what
 * to notice; a key moves on (or, with --yes or without a terminal, the lesson plays through).
 *
 * A lesson works in a folder of its own, ~/.awsmsg/tutorials/<name>/, emptied when it starts
 * and kept afterwards: its state file (state.db, unless --db names another) and the files its
 * commands read. Every line it shows after a `$` runs exactly as shown, through a LessonShell:
 * by default in this process (`awsmsg ...` lines through runCommand, on the lesson's state file,
 * `file://name` read from the lesson's folder), and in the tests through a real bash in that
 * folder, so that what a reader pastes does what the lesson showed. Time moves with
 * `clock advance`, never by sleeping.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homeDir, tildePath } from '../core/nodeOs.js';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Chalk, type ChalkInstance } from 'chalk';
import { EXIT } from '../cli/exit.js';
import { createSession, type Io, type Session } from '../cli/io.js';
import { runCommand, type CommandEnv } from '../cli/run.js';
import { quoteWord, splitLine } from '../repl/split.js';
import { isCodeStep, type Background, type CodeStep, type CommandStep, type Lesson, type LessonApi, type RunResult, type Vars } from './lesson.js';

/** What a line printed, as a shell would see it. */
export interface LineResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the lines a lesson shows, as a reader's shell would: `awsmsg ...` commands,
 * `NAME=value` and `NAME=$(awsmsg ...)` assignments. The lesson's own bookkeeping never goes
 * through it, only what it shows.
 */
export interface LessonShell {
  run(line: string): Promise<LineResult>;
  /** a shell variable's value (after an assignment line) */
  get(name: string): Promise<string | undefined>;
  /** starts a line as a process of its own, as in another terminal where the reader set these variables */
  spawn(line: string, vars: Vars): ChildProcess;
  close(): Promise<void>;
}

/** Where a lesson runs: its folder, its state file, the user's global options. */
export interface LessonPlace {
  dir: string;
  db: string;
  baseArgs: string[];
}

export type ShellFactory = (place: LessonPlace) => LessonShell;

export interface PlayOptions {
  /** wait for a key after each step */
  interactive: boolean;
  /** the state file to use; the lesson folder's state.db when absent */
  db?: string;
  /** the user's global options (region, profile, ...) for every command */
  baseArgs: string[];
  color: boolean;
  width: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** runs the lines the lesson shows; in this process when absent */
  shell?: ShellFactory;
  /**
   * The remote target the lesson plays against (its label), when there is one: the lesson's
   * queues, topics and streams get names of their own (a prefix unique to this run) and are
   * deleted at the end, even when the lesson is stopped.
   */
  remote?: string;
}

/** The lesson's text no longer matches what the commands did. */
class LessonMismatch extends Error {}
/** The reader quit (q, or Ctrl-C at the prompt). */
class Quit extends Error {
  constructor(readonly status: number) {
    super('quit');
  }
}

const MAX_OUTPUT_LINES = 40;
const MAX_FILE_LINES = 12;
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;
const CAPTURE = /^\$\(awsmsg (.*)\)$/s;

/** ~/.awsmsg/tutorials/<name>: where a lesson keeps its state file and the files it writes. */
export function lessonFolder(env: NodeJS.ProcessEnv, name: string): string {
  return join(homeDir(env), '.awsmsg', 'tutorials', name);
}


export async function playLesson(lesson: Lesson, env: CommandEnv, opts: PlayOptions): Promise<number> {
  const dir = lessonFolder(env.io.env, lesson.name);
  // a lesson starts afresh: what an earlier run left (files, state file) goes
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = opts.db ?? join(dir, 'state.db');
  const session = createSession();
  const player = new Player(lesson, env, opts, session, { dir, db, baseArgs: opts.baseArgs });
  try {
    return await player.play();
  } finally {
    await player.stopAll();
    await player.removeRemoteResources();
    await player.shell.close();
    session.close();
  }
}

class Player {
  private readonly vars: Vars = {};
  private readonly background: Background[] = [];
  private readonly c: ChalkInstance;
  readonly shell: LessonShell;
  /** on a remote target: this run's prefix for resource names, and what it created */
  private readonly remote?: RemoteResources;

  constructor(
    private readonly lesson: Lesson,
    private readonly env: CommandEnv,
    private readonly opts: PlayOptions,
    private readonly session: Session,
    private readonly place: LessonPlace,
  ) {
    this.c = new Chalk({ level: opts.color ? 1 : 0 });
    this.shell = opts.shell ? opts.shell(place) : new InProcessShell(this);
    if (opts.remote) this.remote = new RemoteResources(`awsmsg-tutorial-${randomBytes(3).toString('hex')}-`);
  }

  private out(text: string): void {
    this.env.io.out(text);
  }

  async play(): Promise<number> {
    const { lesson, c } = this;
    this.out(`\n${c.bold(`━━ ${lesson.title} ━━`)}\n\n`);
    this.paragraphs(lesson.intro);
    this.where();
    try {
      await this.pause();
      for (const [i, step] of lesson.steps.entries()) {
        this.out(`\n${c.bold(`[${i + 1}/${lesson.steps.length}]`)} `);
        this.paragraphs(step.say, 0);
        if (isCodeStep(step)) await this.codeStep(step);
        else await this.commandStep(step);
        await this.pause();
      }
    } catch (e) {
      if (e instanceof Quit) {
        this.out(`\nStopped. Run ${c.bold(`awsmsg tutorial ${lesson.name}`)} to start again.\n`);
        return e.status;
      }
      if (e instanceof LessonMismatch) {
        this.env.io.err(`\n${c.red('This lesson did not go as written:')} ${e.message}\n`);
        return EXIT.other;
      }
      throw e;
    }
    this.out(`\n${c.bold('What to take away')}\n`);
    this.paragraphs(lesson.outro);
    const dir = tildePath(this.place.dir, this.env.io.env);
    const state = tildePath(this.place.db, this.env.io.env);
    this.out('\n');
    this.paragraphs(`The lesson's files stay in ${dir}/, and its state file with them; look at it with: awsmsg --db ${state} status`, 0, c.dim);
    this.out(`${c.dim('Lessons: awsmsg tutorial · playing one again starts it afresh')}\n`);
    return EXIT.ok;
  }

  /** Where the lesson works, and how to paste its commands into another terminal. */
  private where(): void {
    const { env } = this.env.io;
    if (this.opts.remote) {
      this.out(this.c.dim(`(This lesson works on ${this.opts.remote}, with names of its own (${this.remote!.prefix}...), removed at the end.)\n`));
      return;
    }
    const dir = tildePath(this.place.dir, env);
    const ownDb = this.place.db === join(this.place.dir, 'state.db');
    const state = ownDb ? 'its own state file, state.db' : `the state file ${tildePath(this.place.db, env)}`;
    const exported = ownDb ? '$PWD/state.db' : quoteWord(this.place.db);
    const width = Math.max(40, Math.min(this.opts.width, 88));
    const text = `(This lesson works in ${dir}/, with ${state}; the files its commands read are written there too. To paste its commands into another terminal, first:`;
    for (const l of wrap(text, width)) this.out(this.c.dim(`${l}\n`));
    this.out(this.c.dim(`    cd ${dir} && export AWSMSG_DB=${exported})\n`));
  }

  private async commandStep(step: CommandStep): Promise<void> {
    for (const [name, content] of Object.entries(step.files ?? {})) this.writeFile(name, content(this.vars));
    const r = await this.showCommand(step.run, step.lines);
    if (step.fails && r.status === 0) throw new LessonMismatch(`\`${step.run}\` was meant to fail, and it succeeded.`);
    if (!step.fails && r.status !== 0) throw new LessonMismatch(`\`${step.run}\` failed (status ${r.status}): ${r.stderr.trim()}`);
    for (const [name, pick] of Object.entries(step.save ?? {})) {
      const value = pick(r.json, this.vars);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new LessonMismatch(`\`${step.run}\` gave no value to save as $${name}.`);
      }
      await this.assign(name, String(value));
    }
    if (step.check) {
      const verdict = step.check(r, this.vars);
      if (verdict !== true) throw new LessonMismatch(verdict);
    }
    if (step.notice) this.notice(typeof step.notice === 'string' ? step.notice : step.notice(r, this.vars));
  }

  private async codeStep(step: CodeStep): Promise<void> {
    await step.act(this.api());
    if (step.notice) this.notice(typeof step.notice === 'string' ? step.notice : step.notice(this.vars));
  }

  private api(): LessonApi {
    return {
      vars: this.vars,
      dir: this.place.dir,
      show: (command, opts) => this.showCommand(command, opts?.lines),
      run: (command) => this.runQuietly(command),
      capture: (name, command) => this.capture(name, command),
      assign: (name, value) => this.assign(name, value),
      writeFile: (name, content, opts) => this.writeFile(name, content, opts?.lines),
      writeQuietly: (name, content) => {
        const path = join(this.place.dir, name);
        writeFileSync(path, content);
        return path;
      },
      summary: (text) => this.summary(text),
      comment: (text) => this.out(this.c.dim(`# ${text}\n`)),
      printed: (label, text) => {
        this.out(this.c.dim(`# ${label}:\n`));
        if (text) this.out(clip(text, MAX_OUTPUT_LINES, 'more lines of output'));
      },
      fail: (message) => {
        throw new LessonMismatch(message);
      },
      start: (name, command) => this.start(name, command),
      started: (name) => {
        const bg = this.background.find((b) => b.name === name);
        if (!bg) throw new LessonMismatch(`no process named ${name} was started.`);
        return bg;
      },
      until: async (what, check, opts = {}) => {
        const timeoutMs = opts.timeoutMs ?? 60_000;
        const deadline = performance.now() + timeoutMs;
        while (!(await check())) {
          if (this.env.io.signal.aborted) throw new Quit(EXIT.interrupted);
          if (performance.now() > deadline) {
            const state = opts.explain ? `\n${await opts.explain()}` : '';
            throw new LessonMismatch(`${what} did not happen within ${timeoutMs / 1000} seconds.${state}`);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    };
  }

  /** Shows `awsmsg <command>` and starts it in a process of its own, as in another terminal. */
  private start(name: string, command: string): Background {
    const line = `awsmsg ${command}`;
    this.out(this.promptLine(line));
    const child = this.shell.spawn(line, { ...this.vars });
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let done = false;
    void ended.then(() => (done = true));
    const bg: Background = {
      name,
      output: () => output,
      stop: async (signal) => {
        if (!done) child.kill(signal);
        return ended;
      },
      exited: () => ended,
    };
    this.background.push(bg);
    return bg;
  }

  /** Ends every process the lesson started: a clean stop first, a kill if that does not do. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.background.map(async (bg) => {
        const timer = setTimeout(() => void bg.stop('SIGKILL'), 10_000);
        await bg.stop('SIGINT');
        clearTimeout(timer);
      }),
    );
  }

  private promptLine(line: string): string {
    const [first, ...more] = line.split('\n');
    return `${this.c.cyan('$')} ${this.c.bold(first!)}\n${more.map((l) => `${this.c.bold(l)}\n`).join('')}`;
  }

  /** Writes a file in the lesson's folder and shows its name and first lines. */
  private writeFile(name: string, content: string, lines = MAX_FILE_LINES): string {
    const path = join(this.place.dir, name);
    writeFileSync(path, content);
    this.out(this.c.dim(`# ${name}, written in the lesson's folder:\n`));
    this.out(clip(content, lines, 'more lines in the file'));
    return path;
  }

  private summary(text: string): void {
    const [first, ...rest] = text.replace(/\n$/, '').split('\n');
    this.out(`${this.c.dim('[summary]')} ${first}\n`);
    for (const l of rest) this.out(`          ${l}\n`);
  }

  /** Runs a line through the lesson's shell; a result of the reader's interrupt stops the lesson. */
  private async runLine(line: string): Promise<LineResult> {
    const r = await this.shell.run(line);
    if (this.env.io.signal.aborted) throw new Quit(EXIT.interrupted);
    return r;
  }

  /** Shows a command, runs it as shown, and shows what it printed. */
  private async showCommand(command: string, lines = MAX_OUTPUT_LINES): Promise<RunResult> {
    const line = `awsmsg ${this.rename(command)}`;
    this.out(this.promptLine(line));
    const r = await this.runLine(line);
    if (r.stdout) this.out(clip(r.stdout, lines, 'more lines of output'));
    if (r.stderr) this.out(this.c.red(r.stderr.replace(/^\n/, '')));
    return withJson(r);
  }

  /** Shows and runs NAME=value; the lesson and the reader's shell hold the same value. */
  private async assign(name: string, value: string): Promise<void> {
    const line = `${name}=${quoteWord(value)}`;
    this.out(this.promptLine(line));
    await this.runLine(line);
    const held = await this.shell.get(name);
    if (held !== value) throw new LessonMismatch(`the shell holds ${JSON.stringify(held)} in $${name}, not ${JSON.stringify(value)}.`);
    this.vars[name] = value;
  }

  /** Shows and runs NAME=$(awsmsg command). */
  private async capture(name: string, command: string): Promise<string> {
    const line = `${name}=$(awsmsg ${this.rename(command)})`;
    this.out(this.promptLine(line));
    const r = await this.runLine(line);
    if (r.stderr) this.out(this.c.red(r.stderr.replace(/^\n/, '')));
    const value = await this.shell.get(name);
    if (r.status !== 0 || !value) throw new LessonMismatch(`\`${line}\` gave $${name} no value (status ${r.status}).`);
    this.vars[name] = value;
    return value;
  }

  /** Runs a command in this process without showing it (the lesson sums such runs up). */
  private async runQuietly(command: string): Promise<RunResult> {
    const r = await this.runHere(splitLine(this.rename(command), { vars: (n) => this.variable(n) }), false);
    if (this.env.io.signal.aborted) throw new Quit(EXIT.interrupted);
    return withJson(r);
  }

  variable(name: string): string {
    const v = this.vars[name];
    if (v === undefined) throw new LessonMismatch(`$${name} is used before the lesson saved it.`);
    return v;
  }

  setVariable(name: string, value: string): void {
    this.vars[name] = value;
  }

  /** An awsmsg command's words, run in this process on the lesson's state file. */
  async runHere(words: string[], forDisplay: boolean): Promise<LineResult> {
    // The lesson's folder is the reader's working directory: `file://name` is read from there.
    const local = words.map((w) =>
      w.replace(/^(fileb?:\/\/)(?!\/)(.+)$/, (m, scheme: string, name: string) =>
        existsSync(join(this.place.dir, name)) ? `${scheme}${join(this.place.dir, name)}` : m,
      ),
    );
    let stdout = '';
    let stderr = '';
    const io: Io = {
      out: (t) => void (stdout += t),
      err: (t) => void (stderr += t),
      env: this.env.io.env,
      stdoutIsTTY: false,
      stdinIsTTY: false,
      columns: this.opts.width,
      signal: this.env.io.signal,
    };
    const color = forDisplay && this.opts.color ? 'on' : 'off';
    const argv = [...this.place.baseArgs, '--db', this.place.db, '--output', 'json', '--color', color, ...local];
    const status = await runCommand(argv, io, this.session);
    if (status === 0 && this.remote) this.remote.created(local, withJson({ status, stdout, stderr }).json);
    return { status, stdout, stderr };
  }

  /** On a remote target, a command's resource names made this run's own. */
  private rename(command: string): string {
    return this.remote ? this.remote.rename(command) : command;
  }

  /** On a remote target: deletes what the lesson created there (also after Ctrl-C or a failure). */
  async removeRemoteResources(): Promise<void> {
    if (!this.remote) return;
    const commands = this.remote.cleanup();
    if (commands.length === 0) return;
    const failed: string[] = [];
    // a signal of its own: the reader's Ctrl-C must not stop the cleaning up
    const signal = new AbortController().signal;
    for (const words of commands) {
      let stderr = '';
      const io: Io = { out: () => undefined, err: (t) => void (stderr += t), env: this.env.io.env, stdoutIsTTY: false, stdinIsTTY: false, signal };
      const status = await runCommand([...this.place.baseArgs, '--db', this.place.db, ...words], io, this.session);
      if (status !== 0) failed.push(`awsmsg ${words.join(' ')}: ${stderr.trim()}`);
    }
    this.out(this.c.dim(`\nRemoved what the lesson created on ${this.opts.remote} (${commands.length - failed.length} of ${commands.length}).\n`));
    for (const f of failed) this.env.io.err(`Could not remove: ${f}\n`);
  }

  /** `awsmsg <command>` in a process of its own, on the lesson's state file and in its folder. */
  spawnHere(words: string[]): ChildProcess {
    const bin = process.argv[1];
    if (!bin || !existsSync(bin)) throw new LessonMismatch('cannot find the awsmsg program to start another process.');
    return spawn(process.execPath, [bin, ...this.place.baseArgs, '--db', this.place.db, ...words], {
      cwd: this.place.dir,
      env: this.env.io.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  private notice(text: string): void {
    this.out(this.c.yellow('→ '));
    this.paragraphs(text, 2, this.c.yellow);
  }

  /** Prints text wrapped to the width; blank lines separate paragraphs, "- " starts a list item. */
  private paragraphs(text: string, indent = 0, paint: (s: string) => string = (s) => s): void {
    const width = Math.max(40, Math.min(this.opts.width, 88));
    const paras = text.trim().split(/\n\s*\n/);
    let first = true;
    paras.forEach((p, i) => {
      // a paragraph of "- " items prints each item on its own, continued under its text
      const items = p.split(/\n\s*(?=- )/);
      for (const item of items) {
        const hang = item.startsWith('- ') ? 2 : 0;
        const lines = wrap(item.replace(/\s+/g, ' ').trim(), width - indent - hang);
        lines.forEach((l, j) => {
          const pad = first ? '' : ' '.repeat(indent + (j > 0 ? hang : 0));
          this.out(`${pad}${paint(l)}\n`);
          first = false;
        });
      }
      if (i < paras.length - 1) this.out('\n');
    });
  }

  /** Waits for a key when interactive: Enter or space goes on, q quits, Ctrl-C quits with 130. */
  private async pause(): Promise<void> {
    if (!this.opts.interactive) return;
    this.opts.output.write(this.c.dim('Enter: next step · q: quit '));
    const key = await readKey(this.opts.input, this.opts.output);
    if (key === 'interrupt') {
      this.opts.output.write('^C\n');
      throw new Quit(EXIT.interrupted);
    }
    this.opts.output.write(key === 'quit' ? 'q\n' : '\n');
    if (key === 'quit') throw new Quit(EXIT.ok);
  }
}

/** Runs the lines a lesson shows in this process: what a reader's shell would do with them. */
class InProcessShell implements LessonShell {
  constructor(private readonly player: Player) {}

  async run(line: string): Promise<LineResult> {
    const vars = { vars: (n: string) => this.player.variable(n) };
    const assignment = ASSIGNMENT.exec(line);
    if (assignment) {
      const [, name, value] = assignment;
      const captured = CAPTURE.exec(value!);
      if (captured) {
        const r = await this.player.runHere(splitLine(captured[1]!, vars), false);
        // as $(...) does: the output without its trailing newlines
        if (r.status === 0) this.player.setVariable(name!, r.stdout.replace(/\n+$/, ''));
        return { status: r.status, stdout: '', stderr: r.stderr };
      }
      const words = splitLine(value!, vars);
      if (words.length !== 1) throw new LessonMismatch(`\`${line}\` does not assign one word.`);
      this.player.setVariable(name!, words[0]!);
      return { status: 0, stdout: '', stderr: '' };
    }
    const words = splitLine(line, vars);
    if (words[0] !== 'awsmsg') throw new LessonMismatch(`\`${line}\` is not an awsmsg command.`);
    return this.player.runHere(words.slice(1), true);
  }

  async get(name: string): Promise<string | undefined> {
    try {
      return this.player.variable(name);
    } catch {
      return undefined;
    }
  }

  spawn(line: string): ChildProcess {
    const words = splitLine(line, { vars: (n) => this.player.variable(n) });
    if (words[0] !== 'awsmsg') throw new LessonMismatch(`\`${line}\` is not an awsmsg command.`);
    return this.player.spawnHere(words.slice(1));
  }

  async close(): Promise<void> {}
}

const withJson = (r: LineResult): RunResult => {
  const plain = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
  let json: unknown;
  try {
    json = plain.trim() ? JSON.parse(plain) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: plain, stderr: r.stderr, json };
};

/**
 * One key from the terminal, in raw mode: no Enter needed after q. Whatever was typed after
 * the key (the next command, typed ahead) is put back for whoever reads next, such as the
 * shell's prompt. Without a terminal, a line is read instead.
 */
export async function readKey(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<'next' | 'quit' | 'interrupt'> {
  const tty = input as NodeJS.ReadStream;
  if (!tty.isTTY || typeof tty.setRawMode !== 'function') return readLineKey(input, output);
  const wasRaw = tty.isRaw;
  tty.setRawMode(true);
  try {
    for (;;) {
      const chunk = await nextChunk(tty);
      if (chunk === undefined) return 'quit';
      const text = chunk.toString('utf8');
      // an escape sequence (an arrow key) is one key, and not an answer
      const seq = /^\x1b(\[[0-9;]*[A-Za-z~]|O.)?/.exec(text);
      const keyLength = seq ? seq[0].length : 1;
      const key = text.slice(0, keyLength);
      const rest = text.slice(keyLength);
      const answer = key === '\x03' ? 'interrupt' : key === 'q' || key === 'Q' || key === '\x04' ? 'quit' : key === '\r' || key === '\n' || key === ' ' ? 'next' : undefined;
      // a newline right after a carriage return belongs to the same Enter
      const after = answer === 'next' && key === '\r' && rest.startsWith('\n') ? rest.slice(1) : rest;
      if (answer) {
        if (after) tty.unshift(Buffer.from(after, 'utf8'));
        return answer;
      }
      if (after) tty.unshift(Buffer.from(after, 'utf8'));
    }
  } finally {
    tty.setRawMode(wasRaw);
  }
}

/** The next chunk of input (undefined at its end), leaving the stream paused afterwards. */
function nextChunk(stream: NodeJS.ReadStream): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const onData = (d: Buffer | string) => {
      done();
      resolve(typeof d === 'string' ? Buffer.from(d) : d);
    };
    const onEnd = () => {
      done();
      resolve(undefined);
    };
    const done = () => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.pause();
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.resume();
  });
}

/** Without a terminal: a line, q (or the input's end) to quit. */
function readLineKey(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<'next' | 'quit' | 'interrupt'> {
  const rl = createInterface({ input, output, terminal: false });
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: 'next' | 'quit' | 'interrupt') => {
      if (done) return;
      done = true;
      rl.close();
      resolve(v);
    };
    rl.on('line', (l) => finish(l.trim().toLowerCase().startsWith('q') ? 'quit' : 'next'));
    rl.on('close', () => finish('quit'));
  });
}

/** Greedy word wrap. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The text's first `max` lines, and how many more there are. */
function clip(text: string, max: number, more: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= max) return `${lines.join('\n')}\n`;
  return `${lines.slice(0, max).join('\n')}\n… (${lines.length - max} ${more})\n`;
}

/** The flags that name a resource when it is created or looked up, by service. */
const NAME_FLAGS = new Set(['--queue-name', '--name', '--stream-name']);

/**
 * A lesson's resources on a remote target: their names prefixed (unique to this run, so that
 * nothing of the account's is touched and two runs do not meet), and the ones created
 * remembered so that they are deleted at the end.
 */
export class RemoteResources {
  private readonly queues: string[] = [];
  private readonly topics: string[] = [];
  private readonly streams: string[] = [];

  constructor(readonly prefix: string) {}

  /** The command with each name given to --queue-name, --name or --stream-name prefixed. */
  rename(command: string): string {
    return command.replace(/(--queue-name|--name|--stream-name)(\s+|=)(['"]?)([A-Za-z0-9_.-]+)/g, (m, flag: string, sep: string, quote: string, name: string) =>
      NAME_FLAGS.has(flag) && !name.startsWith(this.prefix) && !name.startsWith('$') ? `${flag}${sep}${quote}${this.prefix}${name}` : m,
    );
  }

  /** Notes what a successful command created. */
  created(words: readonly string[], json: unknown): void {
    const i = words.findIndex((w) => w === 'sqs' || w === 'sns' || w === 'kinesis');
    if (i < 0) return;
    const op = `${words[i]} ${words[i + 1] ?? ''}`;
    const out = (json ?? {}) as Record<string, unknown>;
    if (op === 'sqs create-queue' && typeof out.QueueUrl === 'string') this.queues.push(out.QueueUrl);
    if (op === 'sns create-topic' && typeof out.TopicArn === 'string') this.topics.push(out.TopicArn);
    if (op === 'kinesis create-stream') {
      const name = words[words.indexOf('--stream-name') + 1];
      if (name) this.streams.push(name);
    }
  }

  /** The commands that delete everything created, each once; the list is emptied. */
  cleanup(): string[][] {
    const out = [
      ...[...new Set(this.queues)].map((q) => ['sqs', 'delete-queue', '--queue-url', q]),
      ...[...new Set(this.topics)].map((t) => ['sns', 'delete-topic', '--topic-arn', t]),
      ...[...new Set(this.streams)].map((s) => ['kinesis', 'delete-stream', '--stream-name', s, '--enforce-consumer-deletion']),
    ];
    this.queues.length = this.topics.length = this.streams.length = 0;
    return out;
  }
}
