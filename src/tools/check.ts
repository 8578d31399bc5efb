// `shapegrad check`: type-check files with the TypeScript compiler (through ts-morph) and print every
// shape error in the words of the op that rejected it, with both shapes, the dims that do not fit
// marked, and the source line. Other TypeScript errors are passed through in tsc's own format.
//
// A shape error is recognised in a diagnostic's message chain in one of three forms:
//  1. a literal verdict:  ... parameter of type 'ShapeError<"matmul: inner dims differ (64 vs 32)", [32, 8, 64], [32, 10]>'
//  2. a generic verdict:  ... parameter of type 'Check<MatmulVerdict<D, T, [B, H, T, D], ...>, Tensor<...>>'
//     (the dims are type parameters, so the verdict stays unevaluated). The words come from the verdict's
//     declaration: its first ShapeError<`...${K}...`, A, B>, with the verdict's arguments substituted.
//  3. a tensor whose shape differs from the one expected: Tensor<[32, 8, 64]> given where Tensor<[32, 8, 32]>
//     is required (an op parameter such as splitLast's x, or an annotated declaration).
// Marked dims are underlined with carets on the line below the shape.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, Project, SyntaxKind, ts, type SourceFile, type TypeNode } from 'ts-morph';

/** a bad command line (unknown path, no tsconfig): one sentence, exit code 2 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Problem {
  /** 'shape' for a recognised shape error, 'typescript' for any other diagnostic */
  kind: 'shape' | 'typescript';
  /** path relative to the working directory (absent for global diagnostics) */
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
  /** the TypeScript error code (2345, 2322, ...) */
  code: number;
  category: 'error' | 'warning' | 'suggestion' | 'message';
  /** the op, e.g. "matmul" (shape errors) */
  op?: string;
  /** the op's words ("matmul: inner dims differ (64 vs 32)") or TypeScript's message */
  message: string;
  /** names of the two shapes (shape errors), e.g. ["a", "b"] */
  labels?: string[];
  /** the shapes as lists of dims ("64", "T", "Mul<H, D>") */
  shapes?: string[][];
  /** indices of the dims that do not fit, per shape */
  marked?: number[][];
  /** the unevaluated verdict, for errors in generic code: "MatmulVerdict<D, T, ...>" */
  verdict?: string;
  /** the source line and the caret's span on it (not in --json output) */
  source?: { text: string; start: number; length: number };
  /** the diagnostic in tsc's own format (typescript problems) */
  formatted?: string;
}

export interface CheckTarget {
  project: Project;
  /** the files whose diagnostics are reported */
  roots: SourceFile[];
  cwd: string;
  /** files were named on the command line (the tsconfig's own file list does not matter) */
  explicit: boolean;
}

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

function listTsFiles(dir: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) listTsFiles(p, out);
    else if (TS_EXTENSIONS.some((e) => entry.name.endsWith(e))) out.push(p);
  }
}

/**
 * The project to check: the tsconfig of `cwd` (or `tsconfig`), with either its own files (no paths) or
 * the given files and directories (checked with the tsconfig's compiler options).
 */
export function loadCheckTarget(opts: { cwd: string; paths: readonly string[]; tsconfig?: string }): CheckTarget {
  const cwd = path.resolve(opts.cwd);
  const tsconfig = path.resolve(cwd, opts.tsconfig ?? 'tsconfig.json');
  if (!fs.existsSync(tsconfig)) {
    throw new UsageError(opts.tsconfig === undefined
      ? `no tsconfig.json in ${cwd} (run shapegrad in a TypeScript project, or pass --project PATH)`
      : `${opts.tsconfig}: the tsconfig file does not exist`);
  }
  const files: string[] = [];
  for (const p of opts.paths) {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) throw new UsageError(`${p}: no such file or directory`);
    if (fs.statSync(abs).isDirectory()) listTsFiles(abs, files);
    else files.push(abs);
  }
  const project = new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true });
  const roots = opts.paths.length === 0 ? project.addSourceFilesFromTsConfig(tsconfig) : files.map((f) => project.addSourceFileAtPath(f));
  return { project, roots, cwd, explicit: opts.paths.length > 0 };
}

// ---------------------------------------------------------------------------------------------------
// text helpers for the types TypeScript prints

/** the type arguments of `Name<...>` starting at the index of '<' (top-level commas), and the index after '>' */
export function splitTypeArgs(text: string, open: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0, start = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c === '=' && text[i + 1] === '>') { i++; continue; }
    if (c === '<' || c === '[' || c === '(' || c === '{') depth++;
    else if (c === '>' || c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i).trim());
        return { args, end: i + 1 };
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return undefined;
}

/** "[32, 8, 64]" / "readonly [5, 5]" / "[...[B, T], V]" -> dims; undefined when not a tuple */
export function parseShape(text: string): string[] | undefined {
  const t = text.trim().replace(/^readonly\s+/, '');
  if (!t.startsWith('[') || !t.endsWith(']')) return undefined;
  const inner = splitTypeArgs(t, 0);
  if (!inner || inner.end !== t.length) return undefined;
  const dims: string[] = [];
  for (const d of inner.args) {
    if (d === '') continue;
    if (d.startsWith('...')) {
      const spread = parseShape(d.slice(3));
      if (spread) { dims.push(...spread); continue; }
    }
    dims.push(plain(d));
  }
  return dims;
}

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) {
    if (t[0] === '"') {
      try { return JSON.parse(t) as string; } catch { /* not JSON-compatible: fall through */ }
    }
    return t.slice(1, -1);
  }
  return t;
}

/** '[32, 8, 64]' */
export function showShape(dims: readonly string[]): string {
  return `[${dims.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------------
// which dims do not fit: one rule per family of messages

interface Rule {
  test: RegExp;
  /** one label when the error carries one shape */
  labels: [string, string] | [string];
  mark: (a: string[], b: string[], m: RegExpMatchArray) => [number[], number[]];
}

const last = (s: string[], k = 1): number[] => (s.length >= k ? [s.length - k] : []);
const first = (s: string[]): number[] => (s.length >= 1 ? [0] : []);

/** positions where two same-rank shapes differ */
function differing(a: string[], b: string[], skip = -1): [number[], number[]] {
  if (a.length !== b.length) return [[], []];
  const d = a.map((_, i) => i).filter((i) => i !== skip && a[i] !== b[i]);
  return [d, d];
}

/** numpy broadcasting, right-aligned: the first pair from the right that is neither equal nor 1 */
function broadcastMismatch(a: string[], b: string[]): [number[], number[]] {
  for (let k = 1; k <= Math.min(a.length, b.length); k++) {
    const x = a[a.length - k], y = b[b.length - k];
    if (x !== y && x !== '1' && y !== '1') return [[a.length - k], [b.length - k]];
  }
  return [[], []];
}

/** a mask must broadcast INTO x: mask dims that would grow x */
function maskMismatch(x: string[], m: string[]): [number[], number[]] {
  const mi: number[] = [], xi: number[] = [];
  for (let k = 1; k <= m.length; k++) {
    const md = m[m.length - k];
    if (k > x.length) { mi.push(m.length - k); continue; }
    const xd = x[x.length - k];
    if (md !== xd && md !== '1') { mi.push(m.length - k); xi.push(x.length - k); }
  }
  return [xi.sort((p, q) => p - q), mi.sort((p, q) => p - q)];
}

const RULES: Rule[] = [
  { test: /: inner dims differ/, labels: ['a', 'b'], mark: (a, b) => [last(a), last(b, 2)] },
  { test: /: cannot broadcast/, labels: ['a', 'b'], mark: broadcastMismatch },
  { test: /: mask does not broadcast into x/, labels: ['x', 'mask'], mark: maskMismatch },
  { test: /: x has .* features, weight expects/, labels: ['x', 'weight'], mark: (a, b) => [last(a), first(b)] },
  { test: /: bias has .* entries, weight has .* outputs/, labels: ['weight', 'bias'], mark: (a, b) => [last(a), first(b)] },
  { test: /: (gamma|beta) has .* entries, x has .* features/, labels: ['x', 'gamma'], mark: (a, b) => [last(a), first(b)] },
  {
    test: /: targets must be logits\.shape\[:-1\]/, labels: ['logits', 'targets'],
    mark: (a, b) => differing(a.slice(0, -1), b),
  },
  {
    test: /: shapes differ outside axis (-?\d+)/, labels: ['a', 'b'],
    mark: (a, b, m) => { const ax = Number(m[1]); return differing(a, b, ax < 0 ? ax + a.length : ax); },
  },
  { test: /: \S+ elements (cannot be viewed as|are not divisible by)/, labels: ['x', 'shape'], mark: () => [[], []] },
  { test: /: nEmbd .* is not a multiple of nHead/, labels: ['nEmbd', 'nHead'], mark: (a, b) => [first(a), first(b)] },
  { test: /: axis /, labels: ['x', 'axis'], mark: () => [[], []] },
  // splitLast(x, h, d): x's last dim is not h * d (one shape)
  { test: /: last dim .* is not .* \* /, labels: ['x'], mark: (a) => [last(a), []] },
];

/** labels and marked dims for an op's message and its two shapes */
export function markShapes(op: string, message: string, a: string[], b: string[] | undefined): { labels: string[]; marked: number[][] } {
  for (const r of RULES) {
    const m = message.match(r.test);
    if (!m) continue;
    let labels: string[] = [...r.labels];
    if (r.test.source.includes('gamma|beta')) labels = ['x', m[1]];
    if ((op === 'maskedFill' || op === 'where') && r.labels[0] === 'a') labels = op === 'where' ? ['a', 'cond'] : ['x', 'mask'];
    if (b === undefined) return { labels: labels.slice(0, 1), marked: [r.mark(a, [], m)[0]] };
    return { labels, marked: r.mark(a, b, m) };
  }
  if (b === undefined) return { labels: ['x'], marked: [[]] };
  return { labels: ['lhs', 'rhs'], marked: differing(a, b) };
}

// ---------------------------------------------------------------------------------------------------
// diagnostics -> problems

function messages(chain: string | ts.DiagnosticMessageChain): string[] {
  if (typeof chain === 'string') return [chain];
  const out = [chain.messageText];
  for (const n of chain.next ?? []) out.push(...messages(n));
  return out;
}

const CATEGORY: Record<number, Problem['category']> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

/** the argument (or annotated declaration) the diagnostic points at, and the op it belongs to */
function locate(sf: SourceFile, start: number): { op?: string; argument?: Node; call?: Node; parameter?: string; declaration?: boolean } {
  let node: Node | undefined = sf.getDescendantAtPos(start);
  while (node && node.getStart() === start) {
    const parent: Node | undefined = node.getParent();
    if (!parent) break;
    if (Node.isCallExpression(parent) && parent.getArguments().includes(node)) {
      return { op: calleeName(parent.getExpression()), argument: node, call: parent, parameter: parameterName(parent.getExpression(), parent.getArguments().indexOf(node)) };
    }
    node = parent;
  }
  // an annotated declaration or an assignment: the op is the initializer's callee
  node = sf.getDescendantAtPos(start);
  const decl = node?.getFirstAncestor((a) => Node.isVariableDeclaration(a) || Node.isBinaryExpression(a) || Node.isReturnStatement(a));
  let init: Node | undefined;
  if (decl && Node.isVariableDeclaration(decl)) init = decl.getInitializer();
  else if (decl && Node.isBinaryExpression(decl)) init = decl.getRight();
  else if (decl && Node.isReturnStatement(decl)) init = decl.getExpression();
  if (init && Node.isCallExpression(init)) return { op: calleeName(init.getExpression()), declaration: true };
  return {};
}

/** the name of a function's index-th parameter (plain function declarations only) */
function parameterName(callee: Node, index: number): string | undefined {
  let sym = callee.getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  const decl = sym?.getDeclarations()[0];
  return decl && Node.isFunctionDeclaration(decl) ? decl.getParameters()[index]?.getName() : undefined;
}

function calleeName(e: Node): string {
  if (Node.isIdentifier(e)) return e.getText();
  if (Node.isPropertyAccessExpression(e)) return e.getName();
  return e.getText();
}

interface Words { message: string; a?: string; b?: string }

/** the first ShapeError<...> a type alias can produce, with the alias's parameters substituted */
function wordsOfAlias(decl: Node, args: Map<string, string>, depth: number): Words | undefined {
  if (depth > 4 || !Node.isTypeAliasDeclaration(decl)) return undefined;
  const body = decl.getTypeNode();
  if (!body) return undefined;
  const refs = [body, ...body.getDescendants()].filter((n) => Node.isTypeReference(n));
  // direct ShapeError<...> first, then aliases that lead to one
  for (const ref of refs) {
    if (!Node.isTypeReference(ref) || !isShapeErrorRef(ref)) continue;
    const [msg, a, b] = ref.getTypeArguments();
    if (!msg) continue;
    return { message: renderMessage(msg, args), a: a && render(a, args), b: b && render(b, args) };
  }
  for (const ref of refs) {
    if (!Node.isTypeReference(ref)) continue;
    const target = aliasDeclarationOf(ref);
    if (!target || target === decl || !Node.isTypeAliasDeclaration(target)) continue;
    const inner = new Map<string, string>();
    const targs = ref.getTypeArguments();
    target.getTypeParameters().forEach((tp, i) => {
      const given = targs[i], dflt = tp.getDefault();
      const text = given ? render(given, args) : dflt ? render(dflt, inner) : undefined;
      if (text !== undefined) inner.set(tp.getName(), text);
    });
    const w = wordsOfAlias(target, inner, depth + 1);
    if (w) return w;
  }
  return undefined;
}

function symbolDeclaration(ref: Node): Node | undefined {
  if (!Node.isTypeReference(ref)) return undefined;
  let sym = ref.getTypeName().getSymbol();
  if (sym?.isAlias()) sym = sym.getAliasedSymbol() ?? sym;
  return sym?.getDeclarations()[0];
}

function isShapeErrorRef(ref: Node): boolean {
  const d = symbolDeclaration(ref);
  return !!d && Node.isInterfaceDeclaration(d) && d.getName() === 'ShapeError' && !!d.getProperty('__shapeError');
}

function aliasDeclarationOf(ref: Node): Node | undefined {
  const d = symbolDeclaration(ref);
  return d && Node.isTypeAliasDeclaration(d) ? d : undefined;
}

/** a type node's text with the alias parameters replaced by their arguments */
function render(node: TypeNode, args: Map<string, string>): string {
  const base = node.getStart();
  let text = node.getText();
  const hits = [node, ...node.getDescendants()].filter((n) =>
    Node.isTypeReference(n) && n.getTypeArguments().length === 0 && args.has(n.getTypeName().getText()));
  const outer = hits.filter((h) => !hits.some((o) => o !== h && h.getFirstAncestor((a) => a === o)));
  for (const h of outer.sort((p, q) => q.getStart() - p.getStart())) {
    const name = Node.isTypeReference(h) ? h.getTypeName().getText() : '';
    text = text.slice(0, h.getStart() - base) + (args.get(name) ?? name) + text.slice(h.getEnd() - base);
  }
  return text;
}

/** a message type (a string literal, a template literal, or a parameter bound to one) as plain text */
function renderMessage(node: TypeNode, args: Map<string, string>): string {
  if (Node.isLiteralTypeNode(node)) return unquote(node.getText());
  if (Node.isTemplateLiteralTypeNode(node)) {
    let out = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const t = span.getChildAtIndex(0);
      const name = Node.isTypeReference(t) && t.getTypeArguments().length === 0 ? t.getTypeName().getText() : undefined;
      out += name !== undefined && args.has(name) ? unquote(args.get(name) ?? '') : '?';
      const lit = span.getChildAtIndex(1);
      if (Node.isTemplateMiddle(lit) || Node.isTemplateTail(lit)) out += lit.getLiteralText();
    }
    return out;
  }
  return unquote(render(node, args));
}

/** words for an unevaluated `Check<SomeVerdict<...>, T>` parameter at a call */
function genericWords(project: Project, call: Node, argument: Node): (Words & { verdict: string }) | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const checker = project.getTypeChecker();
  const index = call.getArguments().indexOf(argument);
  const sig = checker.getResolvedSignature(call);
  const param = sig?.getParameters()[index];
  if (!param) return undefined;
  const ptype = param.getTypeAtLocation(call);
  const verdict = ptype.getAliasSymbol()?.getName() === 'Check' ? ptype.getAliasTypeArguments()[0] : undefined;
  const alias = verdict?.getAliasSymbol();
  if (!verdict || !alias) return undefined;
  const decl = alias.getDeclarations()[0];
  if (!decl || !Node.isTypeAliasDeclaration(decl)) return undefined;
  const argTexts = verdict.getAliasTypeArguments().map((t) => checker.compilerObject.typeToString(t.compilerType, call.compilerNode, ts.TypeFormatFlags.None));
  const args = new Map<string, string>();
  decl.getTypeParameters().forEach((tp, i) => { if (argTexts[i] !== undefined) args.set(tp.getName(), argTexts[i]); });
  const words = wordsOfAlias(decl, args, 0);
  const shown = `${alias.getName()}<${argTexts.join(', ')}>`;
  return words ? { ...words, verdict: shown } : { message: `${calleeName(call.getExpression())}: ${alias.getName()} does not hold`, verdict: shown };
}

/** Tensor<[...], ...> given where another Tensor<[...], ...> is required: the two shapes */
function tensorMismatch(lines: string[]): { got: string[]; want: string[] } | undefined {
  for (const m of lines) {
    const r = m.match(/^(?:Argument of type|Type) '(Tensor<.*)' is not assignable to (?:parameter of )?type '(Tensor<.*)'\.$/);
    if (!r) continue;
    const g = splitTypeArgs(r[1], r[1].indexOf('<')), w = splitTypeArgs(r[2], r[2].indexOf('<'));
    if (!g || !w) continue;
    const got = parseShape(g.args[0])?.map(plain), want = parseShape(w.args[0].replace(/^NoInfer<(.*)>$/, '$1'))?.map(plain);
    if (got && want && showShape(got) !== showShape(want)) return { got, want };
  }
  return undefined;
}

function sourceOf(sf: SourceFile, start: number, length: number): Problem['source'] {
  const { line, character } = ts.getLineAndCharacterOfPosition(sf.compilerNode, start);
  const lines = sf.getFullText().split(/\r?\n/);
  const text = (lines[line] ?? '').replace(/\t/g, ' ');
  return { text, start: character, length: Math.max(1, Math.min(length, text.length - character)) };
}

function toProblem(project: Project, d: ts.Diagnostic, cwd: string, host: ts.FormatDiagnosticsHost): Problem {
  const base = {
    code: d.code, category: CATEGORY[d.category] ?? 'error',
  };
  const sfNode = d.file;
  const lines = messages(d.messageText);
  const typescript = (): Problem => {
    const formatted = ts.formatDiagnostic(d, host).replace(/\r?\n$/, '');
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!sfNode || d.start === undefined) return { kind: 'typescript', ...base, message, formatted };
    const { line, character } = ts.getLineAndCharacterOfPosition(sfNode, d.start);
    return { kind: 'typescript', ...base, file: path.relative(cwd, sfNode.fileName), line: line + 1, column: character + 1, message, formatted };
  };
  if (!sfNode || d.start === undefined) return typescript();
  const sf = project.getSourceFile(sfNode.fileName);
  if (!sf) return typescript();
  const { line, character } = ts.getLineAndCharacterOfPosition(sfNode, d.start);
  const where = { file: path.relative(cwd, sfNode.fileName), line: line + 1, column: character + 1, source: sourceOf(sf, d.start, d.length ?? 1) };
  const at = locate(sf, d.start);

  let words: Words | undefined;
  let verdict: string | undefined;
  // 1. a literal verdict
  for (const m of lines) {
    const i = m.indexOf("'ShapeError<");
    if (i < 0) continue;
    const args = splitTypeArgs(m, i + "'ShapeError".length);
    if (args && args.args.length >= 1) { words = { message: unquote(args.args[0]), a: args.args[1], b: args.args[2] }; break; }
  }
  // 2. a generic verdict
  if (!words && lines.some((m) => m.includes("'Check<")) && at.call && at.argument) {
    const g = genericWords(project, at.call, at.argument);
    if (g) { words = g; verdict = g.verdict; }
  }
  // 3. a tensor of the wrong shape
  if (!words) {
    const t = tensorMismatch(lines);
    if (t) {
      const op = at.op ?? 'shape';
      const given = at.parameter ?? 'argument';
      const what = at.declaration ? `result is ${showShape(t.got)}, declared ${showShape(t.want)}` : `${given} is ${showShape(t.got)}, expected ${showShape(t.want)}`;
      return {
        kind: 'shape', ...base, ...where, op, message: `${op}: ${what}`,
        labels: at.declaration ? ['result', 'declared'] : [given, 'expected'], shapes: [t.got, t.want], marked: differing(t.got, t.want),
      };
    }
  }
  if (!words) return typescript();
  const colon = words.message.indexOf(':');
  const op = colon > 0 ? words.message.slice(0, colon) : at.op ?? 'shape';
  const a = words.a !== undefined ? parseShape(words.a) : undefined;
  const b = words.b !== undefined ? parseShape(words.b) : undefined;
  const shapes = a ? (b ? [a, b] : [a]) : undefined;
  const marks = a ? markShapes(op, words.message, a, b) : undefined;
  return {
    kind: 'shape', ...base, ...where, op, message: words.message,
    ...(shapes && marks ? { labels: marks.labels, shapes, marked: marks.marked } : {}),
    ...(verdict ? { verdict } : {}),
  };
}

/** a dim without the NoInfer<...> wrapper TypeScript prints for some op parameters */
function plain(d: string): string {
  const m = d.match(/^NoInfer<(.*)>$/);
  return m ? m[1] : d;
}

/** every diagnostic of the root files (plus global ones), as problems, sorted by file and position */
export function collectProblems(target: CheckTarget, roots: readonly SourceFile[] = target.roots): Problem[] {
  const program = target.project.getProgram().compilerObject;
  const host: ts.FormatDiagnosticsHost = {
    getCurrentDirectory: () => target.cwd,
    getCanonicalFileName: (f) => f,
    getNewLine: () => '\n',
  };
  const NO_INPUTS = 18003; // "No inputs were found in config file": irrelevant when files are named
  const diags: ts.Diagnostic[] = [
    ...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
  ].filter((d) => !(target.explicit && d.code === NO_INPUTS));
  for (const sf of roots) {
    const node = program.getSourceFile(sf.getFilePath());
    if (node) diags.push(...program.getSyntacticDiagnostics(node), ...program.getSemanticDiagnostics(node));
  }
  const problems = diags.map((d) => toProblem(target.project, d, target.cwd, host));
  return problems.sort((p, q) => (p.file ?? '').localeCompare(q.file ?? '') || (p.line ?? 0) - (q.line ?? 0) || (p.column ?? 0) - (q.column ?? 0));
}

// ---------------------------------------------------------------------------------------------------
// output

/** a shape with carets under the marked dims: ["[32, 8, 64]", "           ^^"] */
export function underline(dims: readonly string[], marked: readonly number[]): [string, string] {
  let text = '[', marks = ' ';
  dims.forEach((d, i) => {
    if (i > 0) { text += ', '; marks += '  '; }
    text += d;
    marks += (marked.includes(i) ? '^' : ' ').repeat(d.length);
  });
  return [`${text}]`, marks.trimEnd()];
}

export function formatProblem(p: Problem): string {
  if (p.kind === 'typescript') return p.formatted ?? p.message;
  const out = [`${p.file}:${p.line}:${p.column} - shape error in ${p.op} (TS${p.code})`, `  ${p.message}`];
  if (p.verdict) out.push(`  in generic code, unproven: ${p.verdict}`);
  const labels = p.labels ?? [];
  const width = Math.max(0, ...labels.map((l) => l.length));
  (p.shapes ?? []).forEach((s, i) => {
    const label = `${(labels[i] ?? '').padStart(width)}  `;
    const [text, marks] = underline(s, p.marked?.[i] ?? []);
    out.push(`    ${label}${text}`);
    if (marks.trim()) out.push(`    ${' '.repeat(label.length)}${marks}`);
  });
  if (p.source && p.line !== undefined) {
    const num = String(p.line);
    out.push(`  ${num} | ${p.source.text}`);
    out.push(`  ${' '.repeat(num.length)} | ${' '.repeat(p.source.start)}^${'~'.repeat(Math.max(0, p.source.length - 1))}`);
  }
  return out.join('\n');
}

export function formatReport(problems: readonly Problem[], fileCount: number): string {
  const body = problems.map(formatProblem).join('\n\n');
  const errors = problems.filter((p) => p.category === 'error');
  const shape = errors.filter((p) => p.kind === 'shape').length;
  const files = new Set(errors.map((p) => p.file ?? '')).size;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = errors.length === 0
    ? `shapegrad check: no errors (${plural(fileCount, 'file')} checked).`
    : `shapegrad check: ${plural(errors.length, 'error')} (${shape} shape, ${errors.length - shape} other) in ${plural(files, 'file')}.`;
  return body ? `${body}\n\n${summary}\n` : `${summary}\n`;
}

/** the --json form: one object per problem (no source text) */
export function toJson(problems: readonly Problem[]): object[] {
  return problems.map(({ source: _source, formatted: _formatted, ...rest }) => rest);
}

export interface CheckArgs {
  cwd: string;
  paths: string[];
  tsconfig?: string;
  json: boolean;
}

/** runs the check; returns the exit code (0 clean, 1 errors) and the text to print */
export function runCheck(args: CheckArgs): { code: number; output: string } {
  const target = loadCheckTarget(args);
  const problems = collectProblems(target);
  const code = problems.some((p) => p.category === 'error') ? 1 : 0;
  const output = args.json ? `${JSON.stringify(toJson(problems), null, 2)}\n` : formatReport(problems, target.roots.length);
  return { code, output };
}
