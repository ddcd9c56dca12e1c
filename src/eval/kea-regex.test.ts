/**
 * match() patterns checked against libstdc++ 12's std::regex (ECMAScript, regex_match), the
 * engine Kea uses on Linux: each vector lists the subjects that match, or ERR when std::regex
 * rejects the pattern. Generated once with a small C++ harness over the same subjects.
 */
import { describe, expect, it } from 'vitest';
import { asciiBytes, bytesToLatin1 } from './bytes.js';
import { compileKeaRegex } from './kea-regex.js';

const SUBJECTS: readonly string[] = ['foo','foobar','Foobar','abc','a1c','ab 12','a','b','ab','aa',' ','\xa0','-','abab','ac','aaa','a]','}',']','123','x','A','\x01','\x00','a-z','[','z','Ab','\t','\x7f','~!','\xc3\xa9','\n','\r','\x0b','\x0c','.','/',''];

const VECTORS: readonly (readonly [string, readonly string[] | 'ERR'])[] = [
  ["foo", ["foo"]],
  ["^foo$", ["foo"]],
  ["foo.*", ["foo", "foobar"]],
  ["[fo]{3}", ["foo"]],
  ["[abfor]{6}", ["foobar"]],
  ["[^xyz]+", ["foo", "foobar", "Foobar", "abc", "a1c", "ab 12", "a", "b", "ab", "aa", " ", "\u00a0", "-", "abab", "ac", "aaa", "a]", "}", "]", "123", "A", "\u0001", "\u0000", "[", "Ab", "\t", "\u007f", "~!", "\u00c3\u00a9", "\n", "\r", "\u000b", "\f", ".", "/"]],
  ["f(.)\\1bar", ["foobar"]],
  ["[[:alpha:]]{1,9}", ["foo", "foobar", "Foobar", "abc", "a", "b", "ab", "aa", "abab", "ac", "aaa", "x", "A", "z", "Ab"]],
  ["[^[:digit:]]+", ["foo", "foobar", "Foobar", "abc", "a", "b", "ab", "aa", " ", "\u00a0", "-", "abab", "ac", "aaa", "a]", "}", "]", "x", "A", "\u0001", "\u0000", "a-z", "[", "z", "Ab", "\t", "\u007f", "~!", "\u00c3\u00a9", "\n", "\r", "\u000b", "\f", ".", "/"]],
  ["[[:xdigit:][:space:]]+", ["abc", "a1c", "ab 12", "a", "b", "ab", "aa", " ", "abab", "ac", "aaa", "123", "A", "Ab", "\t", "\n", "\r", "\u000b", "\f"]],
  ["a|b", ["a", "b"]],
  ["\\s", [" ", "\t", "\n", "\r", "\u000b", "\f"]],
  ["\\S+", ["foo", "foobar", "Foobar", "abc", "a1c", "a", "b", "ab", "aa", "\u00a0", "-", "abab", "ac", "aaa", "a]", "}", "]", "123", "x", "A", "\u0001", "\u0000", "a-z", "[", "z", "Ab", "\u007f", "~!", "\u00c3\u00a9", ".", "/"]],
  ["[\\s]", [" ", "\t", "\n", "\r", "\u000b", "\f"]],
  ["[[.-.]]", "ERR"],
  ["(?:ab)+", ["ab", "abab"]],
  ["a(?=b)b", ["ab"]],
  ["a(?!c).", ["ab", "aa", "a]"]],
  ["(?<=a)b", "ERR"],
  ["(?<n>a)", "ERR"],
  ["(a)\\2", "ERR"],
  ["(a)\\1", ["aa"]],
  ["[[:foo:]]", "ERR"],
  ["a(b", "ERR"],
  ["*a", "ERR"],
  ["x{", "ERR"],
  ["a{,2}", "ERR"],
  ["a{2,}", ["aa", "aaa"]],
  ["a{1,2}", ["a", "aa"]],
  ["}", ["}"]],
  ["a}", []],
  ["[]a]", []],
  ["[^]a]", []],
  ["]", ["]"]],
  ["a]", ["a]"]],
  ["\\d+", ["123"]],
  ["\\w+", ["foo", "foobar", "Foobar", "abc", "a1c", "a", "b", "ab", "aa", "abab", "ac", "aaa", "123", "x", "A", "z", "Ab"]],
  ["\\W", [" ", "\u00a0", "-", "}", "]", "\u0001", "\u0000", "[", "\t", "\u007f", "\n", "\r", "\u000b", "\f", ".", "/"]],
  ["\\b", []],
  [".", ["a", "b", " ", "\u00a0", "-", "}", "]", "x", "A", "\u0001", "\u0000", "[", "z", "\t", "\u007f", "\u000b", "\f", ".", "/"]],
  ["\\x41", ["A"]],
  ["\\u0041", ["A"]],
  ["\\cA", ["A"]],
  ["\\0", ["\u0000"]],
  ["[\\1]", "ERR"],
  ["\\01", []],
  ["[a-]", ["a", "-"]],
  ["[-a]", ["a", "-"]],
  ["[a\\-z]", ["a", "-", "z"]],
  ["[\\]]", ["]"]],
  ["[[]", ["["]],
  ["(?i)a", "ERR"],
  ["a+?", ["a", "aa", "aaa"]],
  ["a??", ["a", ""]],
  ["(a|)+b", ["b", "ab"]],
  ["\\k<n>", []],
  ["\\p{L}", "ERR"],
  ["[z-a]", "ERR"],
  ["a{2,1}", "ERR"],
  ["()", [""]],
  ["(|a)", ["a", ""]],
  ["[[:w:]]+", ["foo", "foobar", "Foobar", "abc", "a1c", "a", "b", "ab", "aa", "abab", "ac", "aaa", "123", "x", "A", "z", "Ab"]],
  ["[[:d:]]", []],
  ["[[:s:]]", [" ", "\t", "\n", "\r", "\u000b", "\f"]],
  ["[[:punct:]]+", ["-", "}", "]", "[", "~!", ".", "/"]],
  ["[[:cntrl:]]", ["\u0001", "\u0000", "\t", "\u007f", "\n", "\r", "\u000b", "\f"]],
  ["[[:print:]]+", ["foo", "foobar", "Foobar", "abc", "a1c", "ab 12", "a", "b", "ab", "aa", " ", "-", "abab", "ac", "aaa", "a]", "}", "]", "123", "x", "A", "a-z", "[", "z", "Ab", "~!", ".", "/"]],
  ["[[:graph:]]+", ["foo", "foobar", "Foobar", "abc", "a1c", "a", "b", "ab", "aa", "-", "abab", "ac", "aaa", "a]", "}", "]", "123", "x", "A", "a-z", "[", "z", "Ab", "~!", ".", "/"]],
  ["[[:upper:]][[:lower:]]", ["Ab"]],
  ["[[:blank:]]", [" ", "\t"]],
  ["^$", [""]],
  ["$^", [""]],
  ["a$b", []],
  ["\\.", ["."]],
  ["\\/", ["/"]],
  ["\\-", ["-"]],
  ["\\e", []],
  ["\\a", ["a"]],
  ["\\z", ["z"]],
  ["\u00e9", ["\u00c3\u00a9"]],
  ["[\u00e9]", []],
  [".{2}", ["ab", "aa", "ac", "a]", "Ab", "~!", "\u00c3\u00a9"]],
  ["\\t", ["\t"]],
  ["\\v", ["\u000b"]],
  ["\\f", ["\f"]],
  ["\\n", ["\n"]],
  ["\\r", ["\r"]],
  ["\\1(a)", "ERR"],
  ["(a\\1)", "ERR"],
  ["((a)\\2)", ["aa"]],
  ["(a)(b)\\2\\1", []],
  ["\\x4", "ERR"],
  ["\\x41B", []],
  ["\\u004", "ERR"],
  ["\\c", "ERR"],
  ["\\c.", ["."]],
  ["[\\d]+", ["123"]],
  ["[\\w-]+", ["foo", "foobar", "Foobar", "abc", "a1c", "a", "b", "ab", "aa", "-", "abab", "ac", "aaa", "123", "x", "A", "a-z", "z", "Ab"]],
  ["[\\s\\d]", [" ", "\t", "\n", "\r", "\u000b", "\f"]],
  ["[\\S]", ["a", "b", "\u00a0", "-", "}", "]", "x", "A", "\u0001", "\u0000", "[", "z", "\u007f", ".", "/"]],
  ["[\\b]", []],
  ["\\B", [""]],
  ["\\00", []],
  ["a\\0", []],
  ["[a-z]+@[a-z]+\\.com", []],
  ["^(?:PXEClient|HP)", []],
  ["(foo|bar)+", ["foo", "foobar"]],
  ["x*y*z*", ["x", "z", ""]],
  ["(a*)*b", ["b", "ab"]],
  ["[[:alnum:]_]{3}", ["foo", "abc", "a1c", "aaa", "123"]],
  ["a{0}", [""]],
  ["a{2}", ["aa"]],
  ["a{1,}b", ["ab"]],
  ["(?=a)", []],
  ["(?!a)a", []],
  ["\\$", []],
  ["[$^]", []],
  ["a|", ["a", ""]],
  ["|", [""]],
  ["(?:)", [""]],
  ["[^\\]]", ["a", "b", " ", "\u00a0", "-", "}", "x", "A", "\u0001", "\u0000", "[", "z", "\t", "\u007f", "\n", "\r", "\u000b", "\f", ".", "/"]],
  ["[a\\]]+", ["a", "aa", "aaa", "a]", "]"]],
  ["\\]", ["]"]],
  ["\\}", ["}"]],
  ["{", "ERR"],
  ["(a){2}", ["aa"]],
  ["(?:a|b)*c", ["abc", "ac"]],
  ["[[:alpha:]-]+", ["foo", "foobar", "Foobar", "abc", "a", "b", "ab", "aa", "-", "abab", "ac", "aaa", "x", "A", "a-z", "z", "Ab"]],
];

describe('compileKeaRegex agrees with std::regex', () => {
  it.each(VECTORS)('%j', (pattern, expected) => {
    const re = compileKeaRegex(pattern);
    if (expected === 'ERR') {
      expect(typeof re).toBe('string');
      return;
    }
    if (typeof re === 'string') throw new Error(`rejected: ${re}`);
    const matched = SUBJECTS.filter((s) => re.test(bytesToLatin1(asciiBytes(s))));
    expect(matched).toEqual(expected);
  });
});

describe('compileKeaRegex limitations (documented in kea-regex.ts)', () => {
  it.each(['a**', 'a{2}{3}', '[[=a=]]', '[[.-.]]'])('rejects %j, which std::regex accepts or looks up', (pattern) => {
    expect(typeof compileKeaRegex(pattern)).toBe('string');
  });
});
