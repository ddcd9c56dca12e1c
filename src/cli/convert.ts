/**
 * `gitdhcp convert`: Kea JSON (comments, includes) ⇄ canonical YAML or plain JSON, and
 * `--assign-ids`, which adds the subnet ids Kea 2.x assigned automatically, editing the source
 * text in place of reformatting it.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assignSubnetIds, loadConfigFile, toText, type OutputFormat } from '../config/index.js';
import { Exit, type CliIO, type ExitCode } from './io.js';
import { formatIssueText } from './format-issues.js';
import { UsageError } from './usage.js';

export const CONVERT_HELP = `usage: gitdhcp convert --to yaml|json [-o OUT] FILE
       gitdhcp convert --assign-ids [--in-place] FILE

--to yaml|json   print FILE (Kea JSON with comments and includes, or YAML) as canonical YAML
                 or plain JSON with the same meaning. Includes are inlined; comments are
                 dropped (Kea's "comment" keys are kept). Secrets read from secret-file and
                 password-file references are never written.
-o OUT           write to OUT instead of standard output
--assign-ids     add "id" to every subnet that has none, numbered as Kea 2.x numbered them
                 (shared networks' subnets first, then subnet4/subnet6, in file order), so
                 existing lease files keep matching. Only the ids are inserted: comments,
                 layout and includes stay as they are.
--in-place       with --assign-ids: rewrite the file (and included files that hold subnets)
                 instead of printing the result

exit status: 0 converted, 1 the file is not well-formed, 2 it could not be read`;

export function convertCommand(argv: readonly string[], io: CliIO): ExitCode {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'assign-ids': { type: 'boolean', default: false },
      'in-place': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) { io.out(`${CONVERT_HELP}\n`); return Exit.Ok; }
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError('convert takes exactly one FILE');
  if (values['assign-ids']) return assignIds(path.resolve(io.cwd, file), file, values['in-place'] === true, io);
  const to = values.to;
  if (to !== 'yaml' && to !== 'json') throw new UsageError('convert needs --to yaml or --to json (or --assign-ids)');
  const loaded = loadConfigFile(path.resolve(io.cwd, file), { displayPath: file, secrets: 'skip' });
  if (!loaded.ok) {
    for (const i of loaded.issues) io.err(`${formatIssueText(i)}\n`);
    return loaded.unreadable ? Exit.Failure : Exit.Findings;
  }
  const text = toText(loaded.config.value, to as OutputFormat);
  if (values.output === undefined) io.out(text);
  else writeFileSync(path.resolve(io.cwd, values.output), text);
  return Exit.Ok;
}

function assignIds(absPath: string, shown: string, inPlace: boolean, io: CliIO): ExitCode {
  const loaded = loadConfigFile(absPath, { displayPath: shown, secrets: 'skip' });
  if (!loaded.ok) {
    for (const i of loaded.issues) io.err(`${formatIssueText(i)}\n`);
    return loaded.unreadable ? Exit.Failure : Exit.Findings;
  }
  const { assignments, edits, warnings } = assignSubnetIds(loaded.config);
  for (const w of warnings) io.err(`${formatIssueText({ ...w, file: loaded.config.file })}\n`);
  const files = loaded.config.map.files;
  if (!inPlace) {
    const others = [...edits.keys()].filter((i) => i !== 0);
    if (others.length > 0) {
      throw new UsageError(`subnets without an id are in included files (${others.map((i) => files[i]?.path).join(', ')}); use --in-place`);
    }
    io.out(edits.get(0) ?? files[0]?.text ?? '');
  } else {
    for (const [index, text] of edits) {
      const target = files[index]?.absPath ?? absPath;
      writeFileSync(target, text);
    }
  }
  io.err(`assigned ${assignments.length} subnet id${assignments.length === 1 ? '' : 's'}${assignments.length ? `: ${assignments.map((a) => `${a.path} → ${a.id}`).join(', ')}` : ''}\n`);
  return Exit.Ok;
}
