import { describe, expect, it } from 'vitest';
import { commandBeingTyped, needsMore, parse, type Command, type List } from '../../src/repl/parse.js';

const ok = (src: string): List => {
  const p = parse(src);
  if (p.kind !== 'ok') throw new Error(`${src}: ${JSON.stringify(p)}`);
  return p.list;
};

/** A readable outline of a parsed line: commands as their raw words, operators between. */
function outline(src: string): string {
  const cmd = (c: Command): string =>
    c.kind === 'for'
      ? `for ${c.name} in [${(c.items ?? []).map((w) => w.raw).join(' ')}] do {${c.body.map(andOr).join('; ')}}`
      : [...c.assigns.map((w) => `${w.raw}`), ...c.words.map((w) => w.raw), ...c.redirects.map((r) => `<${src.slice(r.start, r.end)}>`)].join(' ');
  const andOr = (a: List[number]): string =>
    [a.first, ...a.rest.map((r) => r.pipeline)]
      .map((p, i) => `${i > 0 ? `${a.rest[i - 1]!.op} ` : ''}${p.bang ? '! ' : ''}${p.commands.map(cmd).join(' | ')}`)
      .join(' ');
  return ok(src).map(andOr).join('; ');
}

describe('parse', () => {
  it('reads lists, and-or lists and pipelines', () => {
    expect(outline('sqs list-queues')).toBe('sqs list-queues');
    expect(outline('a; b\nc')).toBe('a; b; c');
    expect(outline('a && b || c')).toBe('a && b || c');
    expect(outline('sqs list-queues | grep orders | wc -l')).toBe('sqs list-queues | grep orders | wc -l');
    expect(outline('! false')).toBe('! false');
    expect(outline('a &&\n b')).toBe('a && b');
    expect(outline('a |\n b')).toBe('a | b');
    expect(ok('')).toEqual([]);
    expect(ok('# only a comment\n\n')).toEqual([]);
  });

  it('keeps words as typed: quotes, substitutions and escapes are part of them', () => {
    expect(outline(`sqs send-message --message-body 'a | b; c' --x "$(echo ')' | base64)" d\\ e`)).toBe(
      `sqs send-message --message-body 'a | b; c' --x "$(echo ')' | base64)" d\\ e`,
    );
    expect(outline('IT=$(kinesis get-shard-iterator \\\n  --query ShardIterator)')).toBe('IT=$(kinesis get-shard-iterator \\\n  --query ShardIterator)');
  });

  it('tells assignments from arguments: only before the command word', () => {
    const [item] = ok('Q=x R=$(y) sqs list-queues A=b');
    const c = item!.first.commands[0]!;
    expect(c.kind === 'simple' && c.assigns.map((w) => w.raw)).toEqual(['Q=x', 'R=$(y)']);
    expect(c.kind === 'simple' && c.words.map((w) => w.raw)).toEqual(['sqs', 'list-queues', 'A=b']);
  });

  it('reads redirections, with their descriptor numbers, anywhere in a command', () => {
    expect(outline('sqs list-queues > out.json')).toBe('sqs list-queues <> out.json>');
    expect(outline('sqs list-queues 2>&1 >>log | grep x')).toBe('sqs list-queues <2>&1> <>>log> | grep x');
    expect(outline('a 2> /dev/null b')).toBe('a b <2> /dev/null>');
  });

  it('reads for loops, on one line or several, nested too', () => {
    expect(outline('for q in billing shipping; do sqs create-queue --queue-name $q --output text; done')).toBe(
      'for q in [billing shipping] do {sqs create-queue --queue-name $q --output text}',
    );
    expect(outline('for q in a b\ndo\n  echo $q\n  echo again\ndone; echo after')).toBe('for q in [a b] do {echo $q; echo again}; echo after');
    expect(outline('for a in 1; do for b in 2; do echo $a$b; done; done')).toBe('for a in [1] do {for b in [2] do {echo $a$b}}');
    expect(outline('echo done for do')).toBe('echo done for do');
  });

  it('says a command is incomplete, and why, while more lines can finish it', () => {
    const incomplete = (src: string) => {
      const p = parse(src);
      return p.kind === 'incomplete' ? p.reason : `not incomplete: ${p.kind}`;
    };
    expect(incomplete("sqs send-message --message-body 'a")).toBe('unterminated single quote');
    expect(incomplete('echo "a')).toBe('unterminated double quote');
    expect(incomplete('x \\')).toBe('the line ends with a backslash');
    expect(incomplete('IT=$(kinesis get-shard-iterator')).toBe('unterminated $( ... )');
    expect(incomplete('sqs list-queues |')).toBe('a command must follow |');
    expect(incomplete('a &&')).toBe('a command must follow &&');
    expect(incomplete('for q in a b; do echo $q')).toBe('for needs its done');
    expect(incomplete('for q in a b')).toBe('for needs do ... done');
    expect(needsMore('for q in a b; do\necho $q')).toBe(true);
    expect(needsMore('for q in a b; do\necho $q\ndone')).toBe(false);
    expect(needsMore('"a\nb"')).toBe(false);
  });

  it('refuses what the shell does not do, saying so', () => {
    const error = (src: string) => {
      const p = parse(src);
      return p.kind === 'error' ? p.message : `not an error: ${p.kind}`;
    };
    expect(error('if true; then echo; fi')).toContain("'if' is not supported here");
    expect(error('while true; do x; done')).toContain("'while' is not supported here");
    expect(error('(cd x; ls)')).toBe('subshells ( ... ) are not supported here');
    expect(error('sqs list-queues &')).toBe('running a command in the background (&) is not supported here');
    expect(error('cat <<EOF')).toBe('here-documents (<<) are not supported here');
    expect(error('a ; ; b')).toBe("syntax error near ';'");
    expect(error('| grep x')).toBe("syntax error near '|'");
    expect(error('echo >')).toBe('a file name must follow >');
    expect(error('done')).toBe("syntax error near 'done'");
  });
});

describe('commandBeingTyped (what Tab completes)', () => {
  it('is the simple command at the end of the line', () => {
    expect(commandBeingTyped('sqs list-q')).toBe('sqs list-q');
    expect(commandBeingTyped('Q=x; sqs get-queue-url --queue-name or')).toBe('sqs get-queue-url --queue-name or');
    expect(commandBeingTyped('false || kinesis ')).toBe('kinesis ');
    expect(commandBeingTyped('for q in a b; do sqs create-queue --q')).toBe('sqs create-queue --q');
    expect(commandBeingTyped('X=1 sqs li')).toBe('sqs li');
    expect(commandBeingTyped("sqs send-message --message-body 'it is")).toBe("sqs send-message --message-body 'it is");
  });

  it('is what is typed inside an open $( ... )', () => {
    expect(commandBeingTyped('IT=$(kinesis get-shard-iterator --stream-name tr')).toBe('kinesis get-shard-iterator --stream-name tr');
    expect(commandBeingTyped('X="$(sqs list-q')).toBe('sqs list-q');
    expect(commandBeingTyped('X=$(sqs list-queues) && sqs ')).toBe('sqs ');
  });

  it('is nothing after a pipe or in a file name: those belong to sh', () => {
    expect(commandBeingTyped('sqs list-queues | gr')).toBeUndefined();
    expect(commandBeingTyped('sqs list-queues > ou')).toBeUndefined();
    expect(commandBeingTyped('sqs list-queues | grep x; sqs ')).toBe('sqs ');
  });
});
