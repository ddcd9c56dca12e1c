import { describe, expect, it } from 'vitest';
import { isObj } from './context.js';
import { checkLoggers } from './services-loggers.js';
import { brief, runDaemonRule, runDocumentRule } from './test-helpers.js';

const run = (text: string) => brief(runDaemonRule(text, (view, ctx) => { checkLoggers({ value: view.root, path: view.base }, ctx); }));

/** A Dhcp6 map with one logger, its output options from line 2. */
const logger = (options: string, key = 'output-options') =>
  `{"Dhcp6": {"loggers": [{"name": "kea-dhcp6", "${key}": [\n${options}]}]}}`;

describe('loggers', () => {
  it.each([
    '{"output": "stdout"}',
    '{"output": "syslog:kea"}',
    '{"output": "kea-dhcp6.log", "maxsize": 2147483647999999}',
    '{"output": "/var/log/kea/kea-dhcp6.log"}',
    '{"output": "stderr", "maxsize": 9000000000000000}',
  ])('accepts %s', (options) => {
    expect(run(logger(options))).toEqual([]);
  });

  it.each([
    ['{"output": ""}', 'error path-without-filename 2:12 /Dhcp6/loggers/0/output-options/0/output'],
    ['{"output": "/var/log/kea/"}', 'error path-without-filename 2:12 /Dhcp6/loggers/0/output-options/0/output'],
    ['{"output": "/tmp/kea.log"}', 'warning path-outside-kea-directory 2:12 /Dhcp6/loggers/0/output-options/0/output'],
    ['{"output": "kea.log",\n"maxsize": 2147483648000000}', 'error log-maxsize-too-large 3:12 /Dhcp6/loggers/0/output-options/0/maxsize'],
  ])('rejects %s', (options, expected) => {
    expect(run(logger(options))).toEqual([expected]);
  });

  it('checks the deprecated output_options too, and rejects both spellings together', () => {
    expect(run(logger('{"output": "/tmp/kea.log"}', 'output_options')))
      .toEqual(['warning path-outside-kea-directory 2:12 /Dhcp6/loggers/0/output_options/0/output']);
    const both = '{"Dhcp4": {"loggers": [{"name": "kea-dhcp4", "output-options": [{"output": "stdout"}],\n"output_options": [{"output": "stderr"}]}]}}';
    expect(run(both)).toEqual(['error mutually-exclusive-keys 2:19 /Dhcp4/loggers/0/output_options']);
  });

  it('works on the DhcpDdns map and never throws on wrong types', () => {
    const text = '{"DhcpDdns": {"loggers": [1, {"output-options": 2}, {"name": "x", "output-options": [null, {"output": 3}, {"output": "stdout", "maxsize": "x"}]}]}}';
    expect(brief(runDocumentRule(text, (root, ctx) => {
      const d2 = root['DhcpDdns'];
      if (isObj(d2)) checkLoggers({ value: d2, path: '/DhcpDdns' }, ctx);
    }))).toEqual([]);
  });
});
