/** Token boundaries as Kea's flex scanner (lexer.ll) draws them. */
import { describe, expect, it } from 'vitest';
import { ExpressionSyntaxError, Lexer, type Token } from './lexer.js';

function tokens(text: string): string[] {
  const lexer = new Lexer(text);
  const out: string[] = [];
  for (let t: Token = lexer.next(); t.kind !== 'end'; t = lexer.next()) out.push(`${t.kind}:${t.text}@${t.start}`);
  return out;
}

describe('Lexer', () => {
  it.each([
    ['option[host-name]', ['keyword:option@0', 'punct:[@6', 'optionName:host-name@7', 'punct:]@16']],
    ['option[  host-name \n ]', ['keyword:option@0', 'punct:[@6', 'optionName:host-name@9', 'punct:]@21']],
    // a keyword followed by ']' is an option name: the trailing context counts in the longest match
    ['[text]', ['punct:[@0', 'optionName:text@1', 'punct:]@5']],
    ['[all ]', ['punct:[@0', 'optionName:all@1', 'punct:]@5']],
    ['vendor-class[1]', ['keyword:vendor-class@0', 'punct:[@12', 'integer:1@13', 'punct:]@14']],
    ['vendor[*]', ['keyword:vendor@0', 'punct:[@6', 'punct:*@7', 'punct:]@8']],
    // no word boundaries, as in flex
    ["notmember('a')", ['keyword:not@0', 'keyword:member@3', 'punct:(@9', 'string:a@10', 'punct:)@13']],
    ['hexstring uint32totext int8totext', ['keyword:hexstring@0', 'keyword:uint32totext@10', 'keyword:int8totext@23']],
    ['10.0.0.1 :: fe80::1 ::ffff:1.2.3.4', ['address:10.0.0.1@0', 'address:::@9', 'address:fe80::1@12', 'address:::ffff:1.2.3.4@20']],
    ['10.0.1', ['integer:10@0', 'punct:.@2', 'integer:0@3', 'punct:.@4', 'integer:1@5']],
    ['-1 0 007', ['integer:-1@0', 'integer:0@3', 'integer:007@5']],
    ['0x0A 0X7f', ['hex:0x0A@0', 'hex:0X7f@5']],
    ["'a b' '' 'x\ty'", ['string:a b@0', 'string:@6', 'string:x\ty@9']],
    ['==+.,()', ['punct:==@0', 'punct:+@2', 'punct:.@3', 'punct:,@4', 'punct:(@5', 'punct:)@6']],
    ['relay6[-1]', ['keyword:relay6@0', 'punct:[@6', 'integer:-1@7', 'punct:]@9']],
    ['1.2.3.4.5', ['address:1.2.3.4@0', 'punct:.@7', 'integer:5@8']],
  ])('%j', (text, expected) => expect(tokens(text)).toEqual(expected));

  it.each([
    ['\r', "invalid character '\r'", 0],
    ['a', "invalid character 'a'", 0],
    ["'abc", 'unterminated string: no closing quote on the same line', 0],
    ['1:2', "invalid character ':'", 1],
    ['9223372036854775808', 'integer 9223372036854775808 does not fit in 64 bits', 0],
    ['-9223372036854775809', 'integer -9223372036854775809 does not fit in 64 bits', 0],
    ['010.0.0.1', "'010.0.0.1' is not a valid IP address", 0],
    ['1::2::3', "'1::2::3' is not a valid IP address", 0],
  ])('rejects %j', (text, message, offset) => {
    const run = (): string[] => tokens(text);
    expect(run).toThrow(ExpressionSyntaxError);
    expect(run).toThrow(message);
    try {
      run();
    } catch (err) {
      expect((err as ExpressionSyntaxError).offset).toBe(offset);
    }
  });

  it('accepts the largest 64-bit integers', () => {
    expect(tokens('9223372036854775807 -9223372036854775808')).toEqual([
      'integer:9223372036854775807@0', 'integer:-9223372036854775808@20',
    ]);
  });
});
