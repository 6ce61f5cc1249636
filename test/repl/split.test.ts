import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { joinWords, needsMore, quoteWord, scan, skipSubstitution, splitLine, SplitError, substitutions } from '../../src/repl/split.js';

describe('splitLine', () => {
  const cases: [string, string[]][] = [
    ['sqs list-queues', ['sqs', 'list-queues']],
    ['  sqs   list-queues  ', ['sqs', 'list-queues']],
    ["sqs send-message --message-body 'hello world'", ['sqs', 'send-message', '--message-body', 'hello world']],
    ['--message-body "say \\"hi\\""', ['--message-body', 'say "hi"']],
    ["--x 'it'\\''s'", ['--x', "it's"]],
    ['a\\ b c', ['a b', 'c']],
    ['"a\\nb"', ['a\\nb']],
    ["''", ['']],
    ['a "" b', ['a', '', 'b']],
    ['--attributes \'{"a": 1}\'', ['--attributes', '{"a": 1}']],
    ['ab"cd"\'ef\'', ['abcdef']],
    ['sqs list-queues # the queues', ['sqs', 'list-queues']],
    ['# only a comment', []],
    ['a#b', ['a#b']],
    ["'#' x", ['#', 'x']],
    ['one \\\ntwo', ['one', 'two']],
    ['"multi\nline"', ['multi\nline']],
    ['tab\tseparated', ['tab', 'separated']],
    ['cost $5 and ${X}', ['cost', '$5', 'and', '${X}']],
    ['a|b > c; d', ['a|b', '>', 'c;', 'd']],
  ];
  for (const [line, words] of cases) {
    it(`splits ${JSON.stringify(line)}`, () => expect(splitLine(line)).toEqual(words));
  }

  it('expands variables outside single quotes when given a lookup', () => {
    const vars = (n: string) => ({ URL: 'https://q/1', EMPTY: '' })[n];
    expect(splitLine('--queue-url $URL', { vars })).toEqual(['--queue-url', 'https://q/1']);
    expect(splitLine('--queue-url "${URL}x"', { vars })).toEqual(['--queue-url', 'https://q/1x']);
    expect(splitLine("'$URL'", { vars })).toEqual(['$URL']);
    expect(splitLine('"\\$URL"', { vars })).toEqual(['$URL']);
    expect(splitLine('a $NOPE b', { vars })).toEqual(['a', 'b']);
    expect(splitLine('a "$NOPE" b', { vars })).toEqual(['a', '', 'b']);
    expect(splitLine('a $EMPTY', { vars })).toEqual(['a']);
    expect(splitLine('$5 $', { vars })).toEqual(['$5', '$']);
  });

  it('substitutes $(...) outside single quotes, inside double quotes too, with what the shell ran', () => {
    const ran: string[] = [];
    const subst = (inner: string) => {
      ran.push(inner);
      return `<${inner}>`;
    };
    expect(splitLine('--data "$(echo -n \'a b\' | base64)"', { subst })).toEqual(['--data', "<echo -n 'a b' | base64>"]);
    expect(splitLine("x=$(a $(b) 'c)') '$(no)'", { subst })).toEqual(["x=<a $(b) 'c)'>", '$(no)']);
    expect(ran).toEqual(["echo -n 'a b' | base64", "a $(b) 'c)'"]);
    // without a substitution callback, $( is text (tutorials, the guide)
    expect(splitLine('$(x)')).toEqual(['$(x)']);
  });

  it('expands $? when given the last status', () => {
    expect(splitLine('echo $? ${?} "$?"', { lastStatus: 254 })).toEqual(['echo', '254', '254', '254']);
    expect(splitLine('echo $?')).toEqual(['echo', '$?']);
  });

  it('splits unquoted expansions at blanks when asked, as sh does, and never quoted ones', () => {
    const vars = (n: string) => ({ L: 'a  b\tc\n', E: '', S: ' x ' })[n];
    const subst = () => 'q1\tq2';
    expect(splitLine('for $L', { vars, fieldSplit: true })).toEqual(['for', 'a', 'b', 'c']);
    expect(splitLine('"$L"', { vars, fieldSplit: true })).toEqual(['a  b\tc\n']);
    expect(splitLine('pre${S}post', { vars, fieldSplit: true })).toEqual(['pre', 'x', 'post']);
    expect(splitLine('$E $(x) "$(x)"', { vars, subst, fieldSplit: true })).toEqual(['q1', 'q2', 'q1\tq2']);
    expect(splitLine('$L', { vars })).toEqual(['a  b\tc\n']);
  });

  it('finds where a substitution ends, through quotes and nesting', () => {
    expect(skipSubstitution('$(a) b', 0)).toBe(4);
    expect(skipSubstitution('$(a ")" \')\' $(b (c)) \\)) x', 0)).toBe(24);
    expect(skipSubstitution('$(a "b', 0)).toBe(-1);
    expect(substitutions(`a$(b)"$(c)"'$(d)'`).map((s) => s.inner)).toEqual(['b', 'c']);
  });

  it('rejects an open quote or a trailing backslash', () => {
    expect(() => splitLine("echo 'abc")).toThrow(SplitError);
    expect(() => splitLine('echo "abc')).toThrow('unterminated double quote');
    expect(() => splitLine('echo abc\\')).toThrow('backslash');
    expect(needsMore("a 'b")).toBe(true);
    expect(needsMore('a \\')).toBe(true);
    expect(needsMore('a b')).toBe(false);
  });
});

describe('scan (for completion)', () => {
  it('reports the word being typed and where it starts', () => {
    expect(scan('sqs send-mes')).toMatchObject({ words: ['sqs'], current: 'send-mes', currentStart: 4 });
    expect(scan('sqs ')).toMatchObject({ words: ['sqs'], current: '', currentStart: 4 });
    expect(scan("sqs --message-body 'hel")).toMatchObject({ words: ['sqs', '--message-body'], current: 'hel', openQuote: "'" });
    expect(scan('a b\\')).toMatchObject({ words: ['a'], current: 'b', openEscape: true });
  });
});

describe('quoteWord', () => {
  it('leaves safe words bare and single-quotes the rest', () => {
    expect(quoteWord('https://sqs.us-east-1.amazonaws.com/000000000000/q')).toBe('https://sqs.us-east-1.amazonaws.com/000000000000/q');
    expect(quoteWord('hello world')).toBe("'hello world'");
    expect(quoteWord("it's")).toBe("'it'\\''s'");
    expect(quoteWord('')).toBe("''");
    expect(quoteWord('{"a":1}')).toBe('\'{"a":1}\'');
  });

  it('round-trips any words through joinWords and splitLine', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (words) => {
        expect(splitLine(joinWords(words))).toEqual(words);
      }),
    );
  });
});
