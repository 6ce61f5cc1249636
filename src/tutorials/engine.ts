/**
 * Plays a lesson: for each step, what is about to happen, the command, its output, and what
 * to notice; Enter moves on (or, with --yes or without a terminal, the lesson plays through).
 * Commands run through runCommand in the lesson's own state file, exactly as typed commands
 * would; time moves with `clock advance`, never by sleeping.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Chalk, type ChalkInstance } from 'chalk';
import { EXIT } from '../cli/exit.js';
import { createSession, type Io, type Session } from '../cli/io.js';
import { runCommand, type CommandEnv } from '../cli/run.js';
import { splitLine } from '../repl/split.js';
import { isCodeStep, type Background, type CodeStep, type CommandStep, type Lesson, type LessonApi, type RunResult, type Vars } from './lesson.js';

export interface PlayOptions {
  /** wait for Enter after each step */
  interactive: boolean;
  /** the state file to use; a temporary one when absent */
  db?: string;
  /** the user's global options (region, profile, ...) for every command */
  baseArgs: string[];
  color: boolean;
  width: number;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
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

export async function playLesson(lesson: Lesson, env: CommandEnv, opts: PlayOptions): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), `awsmsg-${lesson.name}-`));
  const db = opts.db ?? join(dir, 'state.db');
  const session = createSession();
  const player = new Player(lesson, env, opts, session, dir, db);
  try {
    return await player.play();
  } finally {
    await player.stopAll();
    await player.removeRemoteResources();
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

class Player {
  private readonly vars: Vars = {};
  private readonly background: Background[] = [];
  private readonly c: ChalkInstance;
  /** on a remote target: this run's prefix for resource names, and what it created */
  private readonly remote?: RemoteResources;

  constructor(
    private readonly lesson: Lesson,
    private readonly env: CommandEnv,
    private readonly opts: PlayOptions,
    private readonly session: Session,
    private readonly dir: string,
    private readonly db: string,
  ) {
    this.c = new Chalk({ level: opts.color ? 1 : 0 });
    if (opts.remote) this.remote = new RemoteResources(`awsmsg-tutorial-${randomBytes(3).toString('hex')}-`);
  }

  private out(text: string): void {
    this.env.io.out(text);
  }

  async play(): Promise<number> {
    const { lesson, c } = this;
    this.out(`\n${c.bold(`━━ ${lesson.title} ━━`)}\n\n`);
    this.paragraphs(lesson.intro);
    const where = this.opts.remote
      ? `${this.opts.remote}, with names of its own (${this.remote!.prefix}...), removed at the end`
      : this.opts.db
        ? `the state file ${this.db}`
        : 'a state file of its own, removed at the end';
    this.out(c.dim(`(This lesson works in ${where}.)\n`));
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
    this.out(`\n${c.dim('Lessons: awsmsg tutorial · status of a state file: awsmsg status')}\n`);
    return EXIT.ok;
  }

  private async commandStep(step: CommandStep): Promise<void> {
    for (const [name, content] of Object.entries(step.files ?? {})) this.showFile(name, content(this.vars));
    const r = await this.show(step.run);
    if (step.fails && r.status === 0) throw new LessonMismatch(`\`${step.run}\` was meant to fail, and it succeeded.`);
    if (!step.fails && r.status !== 0) throw new LessonMismatch(`\`${step.run}\` failed (status ${r.status}): ${r.stderr.trim()}`);
    for (const [name, pick] of Object.entries(step.save ?? {})) {
      const value = pick(r.json, this.vars);
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new LessonMismatch(`\`${step.run}\` gave no value to save as $${name}.`);
      }
      this.vars[name] = String(value);
      this.out(this.c.dim(`  saved as $${name}: ${shorten(String(value), this.opts.width - 14)}\n`));
    }
    if (step.check) {
      const verdict = step.check(r, this.vars);
      if (verdict !== true) throw new LessonMismatch(verdict);
    }
    if (step.notice) this.notice(typeof step.notice === 'string' ? step.notice : step.notice(r, this.vars));
  }

  private async codeStep(step: CodeStep): Promise<void> {
    for (const cmd of step.shows) this.out(this.commandLine(cmd));
    await step.act(this.api());
    if (step.notice) this.notice(typeof step.notice === 'string' ? step.notice : step.notice(this.vars));
  }

  private api(): LessonApi {
    return {
      vars: this.vars,
      dir: this.dir,
      run: (command) => this.run(command),
      show: (command) => this.show(command),
      writeFile: (name, content) => {
        const path = join(this.dir, name);
        writeFileSync(path, content);
        return path;
      },
      print: (text) => this.out(text.endsWith('\n') ? text : `${text}\n`),
      echo: (command) => this.out(this.commandLine(command)),
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

  /** `awsmsg <command>` in a process of its own, on the lesson's state file and in its directory. */
  private start(name: string, command: string): Background {
    const bin = process.argv[1];
    if (!bin || !existsSync(bin)) throw new LessonMismatch('cannot find the awsmsg program to start another process.');
    const words = splitLine(command, { vars: (n) => this.vars[n] });
    const child = spawn(process.execPath, [bin, ...this.opts.baseArgs, '--db', this.db, ...words], {
      cwd: this.dir,
      env: this.env.io.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
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
    };
    this.background.push(bg);
    return bg;
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
      const status = await runCommand([...this.opts.baseArgs, '--db', this.db, ...words], io, this.session);
      if (status !== 0) failed.push(`awsmsg ${words.join(' ')}: ${stderr.trim()}`);
    }
    this.out(this.c.dim(`\nRemoved what the lesson created on ${this.opts.remote} (${commands.length - failed.length} of ${commands.length}).\n`));
    for (const f of failed) this.env.io.err(`Could not remove: ${f}\n`);
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

  private commandLine(cmd: string): string {
    if (cmd.startsWith('#')) return `${this.c.dim(cmd)}\n`;
    return `${this.c.cyan('$')} ${this.c.bold(`awsmsg ${cmd}`)}\n`;
  }

  private showFile(name: string, content: string): void {
    writeFileSync(join(this.dir, name), content);
    this.out(this.c.dim(`# ${name}:\n`));
    this.out(clip(content, MAX_FILE_LINES));
  }

  /** Runs a command and prints it with its output. */
  private async show(command: string): Promise<RunResult> {
    this.out(this.commandLine(this.remote ? this.remote.rename(command) : command));
    const r = await this.run(command, true);
    if (r.display) this.out(clip(r.display, MAX_OUTPUT_LINES));
    if (r.stderr) this.env.io.out(this.c.red(r.stderr.replace(/^\n/, '')));
    return r;
  }

  /** Runs a command in the lesson's state file, keeping its output. */
  private async run(command: string, forDisplay = false): Promise<RunResult & { display: string }> {
    const words = splitLine(this.remote ? this.remote.rename(command) : command, {
      vars: (name) => {
        const v = this.vars[name];
        if (v === undefined) throw new LessonMismatch(`$${name} is used before the lesson saved it.`);
        return v;
      },
    });
    // Files the lesson wrote live in its directory: `file://name` is read from there.
    const local = words.map((w) => w.replace(/^(fileb?:\/\/)(?!\/)(.+)$/, (m, scheme: string, name: string) =>
      existsSync(join(this.dir, name)) ? `${scheme}${join(this.dir, name)}` : m,
    ));
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
    const argv = [...this.opts.baseArgs, '--db', this.db, '--output', 'json', '--color', color, ...local];
    const status = await runCommand(argv, io, this.session);
    const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    let json: unknown;
    try {
      json = plain.trim() ? JSON.parse(plain) : undefined;
    } catch {
      json = undefined;
    }
    if (status === 0) this.remote?.created(words, json);
    if (this.env.io.signal.aborted) throw new Quit(EXIT.interrupted);
    return { status, stdout: plain, stderr, json, display: stdout };
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

  /** Waits for Enter when interactive; q quits, Ctrl-C quits with 130. */
  private async pause(): Promise<void> {
    if (!this.opts.interactive) return;
    const rl = createInterface({ input: this.opts.input, output: this.opts.output, terminal: true });
    const answer = await new Promise<string | null>((resolve) => {
      let done = false;
      const finish = (v: string | null) => {
        if (done) return;
        done = true;
        rl.close();
        resolve(v);
      };
      rl.on('SIGINT', () => {
        this.opts.output.write('^C\n');
        finish(null);
      });
      rl.on('close', () => finish('q'));
      rl.question(this.c.dim('Enter: next step · q: quit '), (a) => finish(a));
    });
    if (answer === null) throw new Quit(EXIT.interrupted);
    if (answer.trim().toLowerCase().startsWith('q')) throw new Quit(EXIT.ok);
  }
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

function clip(text: string, max: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= max) return `${lines.join('\n')}\n`;
  return `${lines.slice(0, max).join('\n')}\n… (${lines.length - max} more lines)\n`;
}

const shorten = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, Math.max(10, n - 1))}…`);

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
