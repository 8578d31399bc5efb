// The two compilers as functions for the type tests: diagnostics of one file of a tsconfig, as
// { line, code, text } with the message chain flattened to lines ("  "-indented elaborations, as tsc prints them).
//   TypeScript 5.9: the compiler API of the `typescript` package.
//   TypeScript 7:   the `typescript7` package (npm:typescript@7) has no synchronous JS compiler API under
//                   require() (its "." export is only its version; the API is an unstable ESM client of the Go
//                   server), so its tsc is run on the tsconfig with --pretty false and the output is parsed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import ts from 'typescript';

export interface Diag { line: number; code: number; text: string }
export const ROOT = path.resolve(__dirname, '../..');

/** TS 5.9 diagnostics of `file` (syntactic + semantic), checked as part of the program of `tsconfig` */
export function diagnostics59(tsconfig: string, file: string): { diags: Diag[]; ms: number } {
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const cfg = ts.getParsedCommandLineOfConfigFile(path.resolve(ROOT, tsconfig), {}, host);
  if (!cfg) throw new Error(`cannot read ${tsconfig}`);
  const t0 = performance.now();
  const program = ts.createProgram({ rootNames: cfg.fileNames, options: { ...cfg.options, noEmit: true } });
  const sf = program.getSourceFile(path.resolve(ROOT, file));
  if (!sf) throw new Error(`${file} is not in the program of ${tsconfig}`);
  const all = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
  const ms = performance.now() - t0;
  const diags = all.map((d) => ({
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
  return { diags, ms };
}

/** every diagnostic code TS 5.9 reports for the whole program of `tsconfig` (budget checks: TS2589, TS2799) */
export function allCodes59(tsconfig: string): number[] {
  const cfg = ts.getParsedCommandLineOfConfigFile(path.resolve(ROOT, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!cfg) throw new Error(`cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: cfg.fileNames, options: { ...cfg.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((d) => d.code);
}

/** TS 7 diagnostics of `file` from running its tsc on `tsconfig` (the whole program is checked; ms = wall clock) */
export function diagnostics7(tsconfig: string, file: string, extra: string[] = []): { diags: Diag[]; all: Diag[]; ms: number; stdout: string } {
  const tsc = path.join(ROOT, 'node_modules/typescript7/bin/tsc');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [tsc, '-p', path.resolve(ROOT, tsconfig), '--noEmit', '--pretty', 'false', ...extra], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  const all: (Diag & { file: string })[] = [];
  for (const raw of r.stdout.split(/\r?\n/)) {
    const m = /^(.*)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(raw);
    if (m) all.push({ file: path.resolve(ROOT, m[1]), line: Number(m[2]), code: Number(m[4]), text: m[5] });
    else if (raw.startsWith('  ') && all.length > 0) all[all.length - 1].text += `\n${raw.slice(2)}`;
  }
  const want = path.resolve(ROOT, file);
  return { diags: all.filter((d) => d.file === want).map(({ line, code, text }) => ({ line, code, text })), all, ms, stdout: r.stdout };
}
