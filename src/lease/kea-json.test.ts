// The user_context JSON as Kea's Element::str() prints it (src/lib/cc/data.cc) and reads it.
import { describe, expect, it } from 'vitest';
import { formatDoubleLikeCpp, latin1ToUtf8, parseKeaUserContext, toKeaJson, utf8ToLatin1 } from './kea-json.js';

describe('toKeaJson', () => {
  it.each<[unknown, string]>([
    [{}, '{  }'],
    [[], '[  ]'],
    [{ b: 1, a: [true, null, 'x'] }, '{ "a": [ true, null, "x" ], "b": 1 }'],
    [{ s: 'q"\\/\b\f\n\r\t\x01\x7f' }, '{ "s": "q\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u007f" }'],
    [{ s: 'ü€' }, '{ "s": "\\u00c3\\u00bc\\u00e2\\u0082\\u00ac" }'],
    [{ 'é': 1, z: 2, A: 3 }, '{ "A": 3, "z": 2, "é": 1 }'],
    [{ 'k"ey': 1 }, '{ "k\\"ey": 1 }'],
    [{ skip: undefined, list: [undefined] }, '{ "list": [ null ] }'],
    [{ n: 2 ** 60 }, '{ "n": 1152921504606846976 }'],
    [{ n: Number.NaN }, '{ "n": null }'],
  ])('%j → %s', (value, text) => {
    expect(toKeaJson(value)).toBe(text);
  });
});

describe('formatDoubleLikeCpp (printf %g, precision 6)', () => {
  it.each<[number, string]>([
    [2.5, '2.5'], [0.1, '0.1'], [1 / 3, '0.333333'], [123456.7, '123457'], [999999.5, '1e+06'],
    [1234567, '1.23457e+06'], [1e21, '1e+21'], [1e-5, '1e-05'], [0.0001, '0.0001'], [-2.25e-7, '-2.25e-07'], [1e100, '1e+100'],
  ])('%d → %s', (n, text) => {
    expect(formatDoubleLikeCpp(n)).toBe(text);
  });
});

describe('parseKeaUserContext', () => {
  it('reads maps, with byte strings as UTF-8', () => {
    expect(parseKeaUserContext('{ "a": [ 1, 2.5 ] }')).toEqual({ a: [1, 2.5] });
    expect(parseKeaUserContext('{ "\xc3\xa9": "\\u00c3\\u00bc" }')).toEqual({ 'é': 'ü' });
  });

  it.each([
    ['[ 1 ]', 'is not a JSON map'],
    ['null', 'is not a JSON map'],
    ['{ "a": ', 'is not JSON'],
    ['{ "a": "\\u20ac" }', 'unsupported unicode escape'],
  ])('rejects %s', (text, message) => {
    expect(parseKeaUserContext(text)).toEqual(expect.stringContaining(message));
  });

  it('accepts an escaped backslash before a u', () => {
    expect(parseKeaUserContext('{ "a": "\\\\u20ac" }')).toEqual({ a: '\\u20ac' });
  });
});

describe('byte strings', () => {
  it('convert between UTF-8 and one char per byte', () => {
    expect(utf8ToLatin1('wörk')).toBe('w\xc3\xb6rk');
    expect(latin1ToUtf8('w\xc3\xb6rk')).toBe('wörk');
    expect(utf8ToLatin1('plain')).toBe('plain');
  });
});
