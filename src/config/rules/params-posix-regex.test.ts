import { describe, expect, it } from 'vitest';
import { checkPosixExtendedRegex } from './params-posix-regex.js';

/**
 * Verdicts recorded from `std::regex(p, std::regex::extended)` compiled with g++ 12 (libstdc++,
 * gnu++17 like Kea's default build): `true` when it compiles. A randomized comparison of
 * 100000 patterns against that program found no difference (apart from repeat counts beyond
 * `int`, which GCC 12 silently wraps and newer libstdc++ refuses, as this check does).
 */
const LIBSTDCXX_VERDICTS: Array<[string, boolean]> = [
    ["", true],
    ["[^A-Za-z0-9.-]", true],
    ["[^[:alnum:].-]", true],
    ["[^[:ALPHA:][:digit:]-]", true],
    ["[[:foo:]]", false],
    ["[[:alpha]]", false],
    ["[[:alpha:]", false],
    ["[[.hyphen.]]", true],
    ["[[.-.]]", false],
    ["[[.space.]-~]", true],
    ["[[=a=]]", true],
    ["[[=hyphen=]b]", true],
    ["[[=xyz=]]", false],
    ["[]a]", true],
    ["[^]a]", true],
    ["[]", false],
    ["[a", false],
    ["[[", false],
    ["[a-]", true],
    ["[-a]", true],
    ["[z-a]", false],
    ["[a-z-0]", false],
    ["[--0]", true],
    ["[---]", true],
    ["[-----]", false],
    ["[[:alpha:]-z]", false],
    ["[a-[:alpha:]]", false],
    ["[\\d]", true],
    ["[\\]", true],
    ["\\d", true],
    ["\\.", true],
    ["a\\", false],
    ["(", false],
    [")", false],
    ["()", true],
    ["(|a)", true],
    ["a||b", true],
    ["|", true],
    ["*a", false],
    ["a**", true],
    ["a+?", true],
    ["^*", false],
    ["$*", false],
    ["a^b", true],
    ["(*a)", false],
    ["{", false],
    ["a{", false],
    ["a{3", false],
    ["a{3}", true],
    ["a{3,}", true],
    ["a{3,5}", true],
    ["a{5,3}", false],
    ["a{,3}", false],
    ["a{x}", false],
    ["a{1,2,3}", false],
    ["a{0}", true],
    ["a{99999}", false],
    ["a{100000}", false],
    ["(ab){50000}", false],
    ["(a|b){33333}", false],
    ["é", true],
    ["[é-z]", true],
    ["[a-é]", false],
    ["]", true],
    ["}", true],
    ["a{2}{3}", true],
    ["((a))", true],];

describe('checkPosixExtendedRegex', () => {
  it.each(LIBSTDCXX_VERDICTS)('%j compiles: %s', (pattern, compiles) => {
    expect(checkPosixExtendedRegex(pattern).error === null).toBe(compiles);
  });

  it.each([
    ['[a', 'a bracket expression "[" is not closed by "]"'],
    ['[z-a]', 'range "z-a" in a bracket expression is reversed'],
    ['[[:foo:]]', '"[:foo:]" is not a character class (alpha, digit, alnum, upper, lower, space, punct, ...)'],
    ['[[:alpha]]', '"[:alpha]]" is not closed by ":]"'],
    ['[a-z-0]', '"-" in the middle of a bracket expression must be escaped by putting it first or last'],
    ['a\\', 'the pattern ends with a lone backslash'],
    ['(a', 'unmatched "("'],
    ['*a', 'unmatched ")" or a repetition operator with nothing to repeat'],
    ['a{5,3}', 'in {m,n} the maximum 3 is below the minimum 5'],
    ['a{3', 'a {m,n} repetition is not closed by "}"'],
    ['a{x}', 'unexpected "x" inside a {m,n} repetition'],
    ['a{4294967297}', 'repeat count 4294967297 is too large'],
    ['a{100000}', 'the pattern is too complex: std::regex stops at 100000 states (use smaller {m,n} counts)'],
    ['a\u0000', 'a NUL character is not allowed'],
  ])('explains why %j is refused', (pattern, reason) => {
    expect(checkPosixExtendedRegex(pattern).error).toBe(reason);
  });

  it('lists escaped ordinary characters (refused by strict builds) and backslashes inside brackets', () => {
    const check = checkPosixExtendedRegex('\\d+[^\\w\\_.-]\\.\\-\\(');
    expect(check.ordinaryEscapes).toEqual(['\\d', '\\-']);
    expect(check.bracketBackslashes).toEqual(['\\w']);
    expect(checkPosixExtendedRegex('[^A-Za-z0-9.-]')).toEqual({ error: null, ordinaryEscapes: [], bracketBackslashes: [] });
  });

  it('copes with deep nesting and large patterns', () => {
    expect(checkPosixExtendedRegex(`${'('.repeat(2048)}${')'.repeat(2048)}`).error).toBeNull();
    expect(checkPosixExtendedRegex('(a{1000}){1000}').error).toMatch(/too complex/);
  });
});
