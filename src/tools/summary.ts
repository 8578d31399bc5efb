// `shapegrad summary MODEL.ts`: the layers and tensors of a model, read from its types without running it.
//
// What is read (the convention a model file follows):
//  - the file exports a function declaration `forward`; its type parameters are the model's dims
//    (forward<V, Blk, H, D, B, T>(model: GPT<V, Blk, H, D>, idx: Tensor<[B, T], 'int32'>) for the GPT);
//  - forward's first parameter holds the parameters: a tree of objects, arrays and Tensor<[...]> leaves,
//    either directly or under its `params` property (GPT<...>['params'] is GPTParams<...>);
//  - every call in forward is listed in evaluation order (arguments first) with the shape of its result as
//    the checker types it; calls of functions declared in the same file are followed (their type
//    parameters are bound by matching their parameter types against the argument types), and a
//    `for (const b of p.blocks)` loop over a parameter array is listed once, repeated `layers` times;
//  - dims are substituted from --dims B=16,T=32 (by type-parameter name) or from a config. `--config NAME`
//    is the shapegrad GPT convention: configs.ts next to the model exports PRESETS (as const) and the model
//    file exports `GPTOf<Cfg>`; the checker instantiates GPTOf<PRESETS[NAME]['model'] & { vocabSize }> and
//    forward's parameters are matched against it (the int32 input is [batchSize, blockSize]).
// Dims are evaluated from literals, bound type parameters and shapegrad's arithmetic (Mul, Div, Add, Sub, Min);
// anything else prints as `?`. Parameter counts are the products of the parameter tensors' shapes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Node, Project, ts, type FunctionDeclaration, type SourceFile } from 'ts-morph';
import { UsageError } from './check';

export interface SummaryArgs {
  cwd: string;
  file: string;
  tsconfig?: string;
  config?: string;
  /** "B=16,T=32" */
  dims?: string;
  layers?: number;
  vocab?: number;
  json: boolean;
}

export interface Row {
  /** nesting: 0 in forward, +1 inside a followed call or a loop */
  depth: number;
  kind: 'input' | 'op' | 'call' | 'result' | 'loop';
  /** the variable the result is assigned to ('' for an intermediate) */
  name: string;
  op: string;
  /** the parameter layer the op uses (e.g. blocks.i.attn.query) */
  layer?: string;
  /** as the types say it: [B, T, Mul<H, D>] (a call row: its type arguments) */
  types: string;
  /** with the dims substituted: [16, 32, 64] */
  shape?: string;
  dtype?: string;
  /** parameters the op uses (one pass) */
  params?: number;
  /** loop rows: how many times the body runs */
  repeat?: number;
}

export interface ParamTensor {
  name: string;
  types: string;
  shape: string;
  count?: number;
  /** how many copies (arrays of blocks) */
  repeat: number;
}

export interface Summary {
  file: string;
  config?: string;
  /** forward's type parameters and their values */
  dims: { name: string; value?: number }[];
  layers: number;
  rows: Row[];
  parameters: ParamTensor[];
  /** sum over the parameter tensors, copies included (undefined when a dim is unknown) */
  total?: number;
  /** parameters not passed to any op of forward (by path) */
  unused: string[];
}

/** a dim bound to a type parameter: how the caller writes it, and its value when known */
interface Val {
  show: string;
  n?: number;
}
type Env = Map<string, Val>;

const ARITH = new Set(['Add', 'Sub', 'Mul', 'Div', 'Min', 'AddI', 'MulI']);

/** shapegrad's type-level arithmetic (src/dsl/arith.ts): Mul, Div, Add, Sub, Min and the internal MulI, AddI */
function isArith(sym: ts.Symbol | undefined): boolean {
  if (!sym || !ARITH.has(sym.name)) return false;
  return (sym.declarations ?? []).some((d) => /[\\/]dsl[\\/]arith\.(d\.)?ts$/.test(d.getSourceFile().fileName));
}

function arith(name: string, a: number, b: number): number | undefined {
  switch (name.replace(/I$/, '')) {
    case 'Add': return a + b;
    case 'Sub': return a >= b ? a - b : undefined;
    case 'Mul': return a * b;
    case 'Div': return b !== 0 && a % b === 0 ? a / b : undefined;
    case 'Min': return Math.min(a, b);
    default: return undefined;
  }
}

/** the type a TypeScript-internal mapper (Simple or Array kind) maps the type parameter `name` to */
function mappedTypeOf(mapper: unknown, name: string): ts.Type | undefined {
  if (typeof mapper !== 'object' || mapper === null) return undefined;
  const source: unknown = Reflect.get(mapper, 'source'), target: unknown = Reflect.get(mapper, 'target');
  const sources: unknown = Reflect.get(mapper, 'sources'), targets: unknown = Reflect.get(mapper, 'targets');
  const pairs: [unknown, unknown][] = Array.isArray(sources) && Array.isArray(targets) ? sources.map((s, i) => [s, targets[i]]) : [[source, target]];
  for (const [s, t] of pairs) {
    if (isType(s) && isType(t) && s.symbol?.name === name && s.flags & ts.TypeFlags.TypeParameter) return t;
  }
  return undefined;
}

function isType(x: unknown): x is ts.Type {
  return typeof x === 'object' && x !== null && typeof Reflect.get(x, 'flags') === 'number' && typeof Reflect.get(x, 'isTypeParameter') === 'function';
}

/** reads dims and shapes from compiler types (the raw TypeScript API) */
class Reader {
  readonly checker: ts.TypeChecker;
  constructor(project: Project) {
    this.checker = project.getTypeChecker().compilerObject;
  }

  /** truncating typeToString (NoTruncation can expand shapegrad's arithmetic into gigabytes) */
  text(t: ts.Type, at?: Node): string {
    return this.checker.typeToString(t, at?.compilerNode, ts.TypeFormatFlags.None);
  }

  /**
   * An alias instantiation that TypeScript resolved past its name: `Mul<4, E>` is declared as
   * `A extends unknown ? B extends unknown ? MulI<A, B> : never : never`; with A = 4 known, the outer
   * conditional resolves and what remains is the inner one, `E extends unknown ? MulI<4, E> : never`, with no
   * alias. Its declaration (root.node, inside `type Mul<A, B>`) and its instantiation (the checker's internal
   * `mapper`: A -> 4, B -> E) give back the alias and its arguments: Mul<4, E>.
   */
  private recoverAlias(t: ts.Type): { alias: string; args: ts.Type[]; arith: boolean } | undefined {
    if (!(t.flags & ts.TypeFlags.Conditional) || t.aliasSymbol) return undefined;
    const c = t as ts.ConditionalType;
    let decl: ts.Node | undefined = c.root.node.parent;
    while (decl && !ts.isTypeAliasDeclaration(decl)) decl = decl.parent;
    if (!decl || !ts.isTypeAliasDeclaration(decl)) return undefined;
    const params = decl.typeParameters?.map((p) => p.name.text) ?? [];
    const mapper: unknown = Reflect.get(c, 'mapper');
    const args = params.map((name) => mappedTypeOf(mapper, name));
    if (args.some((x) => x === undefined)) return undefined;
    const sym = this.checker.getSymbolAtLocation(decl.name);
    return { alias: decl.name.text, args: args.filter((x): x is ts.Type => x !== undefined), arith: isArith(sym) };
  }

  private rest(t: ts.Type): ts.Type | undefined {
    if (t.isIntersection()) {
      const parts = t.types.filter((p) => !(p.flags & ts.TypeFlags.Number));
      if (parts.length === 1) return parts[0];
    }
    return undefined;
  }

  name(t: ts.Type): string | undefined {
    return t.isTypeParameter() ? t.symbol?.name : undefined;
  }

  /** a dim or shape as the types say it */
  show(t: ts.Type, at?: Node): string {
    if (t.isNumberLiteral()) return String(t.value);
    const name = this.name(t);
    if (name) return name;
    if (t.flags & ts.TypeFlags.Number) return 'number';
    const alias = t.aliasSymbol;
    const rec = alias ? { alias: alias.name, args: t.aliasTypeArguments ?? [], arith: isArith(alias) } : this.recoverAlias(t);
    if (rec) {
      const shown = rec.arith ? rec.alias.replace(/I$/, '') : rec.alias;
      return rec.args.length ? `${shown}<${rec.args.map((a) => this.show(a, at)).join(', ')}>` : shown;
    }
    if (this.checker.isTupleType(t)) return `[${this.elements(t).map(([e, spread]) => (spread ? '...' : '') + this.show(e, at)).join(', ')}]`;
    const inner = this.rest(t);
    return inner ? this.show(inner, at) : this.text(t, at);
  }

  /** a tuple's elements, each with whether it is a spread (...P) */
  elements(t: ts.Type): [ts.Type, boolean][] {
    const ref = t as ts.TupleTypeReference;
    return this.checker.getTypeArguments(ref).map((e, i) => [e, !!(ref.target.elementFlags[i] & ts.ElementFlags.Variadic)]);
  }

  /** a dim's value under env, when it is a literal, a bound type parameter or arithmetic of those */
  value(t: ts.Type, env: Env, at?: Node): number | undefined {
    if (t.isNumberLiteral()) return t.value;
    const name = this.name(t);
    if (name) return env.get(name)?.n;
    const alias = t.aliasSymbol;
    const rec = alias ? { alias: alias.name, args: t.aliasTypeArguments ?? [], arith: isArith(alias) } : this.recoverAlias(t);
    if (rec?.arith) {
      const [a, b] = rec.args.map((x) => this.value(x, env, at));
      return a === undefined || b === undefined ? undefined : arith(rec.alias, a, b);
    }
    const inner = this.rest(t);
    return inner ? this.value(inner, env, at) : undefined;
  }

  /** type arguments of a generic class/interface reference (Tensor<S, D>, GPT<V, ...>) */
  typeArgs(t: ts.Type): readonly ts.Type[] {
    return t.flags & ts.TypeFlags.Object && (t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? this.checker.getTypeArguments(t as ts.TypeReference) : [];
  }

  target(t: ts.Type): ts.Type | undefined {
    return t.flags & ts.TypeFlags.Object && (t as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference ? (t as ts.TypeReference).target : undefined;
  }

  /** Tensor<S, D>: its shape's elements (undefined if not a tensor of known rank) */
  tensor(t: ts.Type): { dims: [ts.Type, boolean][]; dtype: string } | undefined {
    if (t.symbol?.name !== 'Tensor') return undefined;
    const [shape, dtype] = this.typeArgs(t);
    if (!shape || !this.checker.isTupleType(shape)) return undefined;
    return { dims: this.elements(shape), dtype: dtype?.isStringLiteral() ? dtype.value : 'float32' };
  }

  shapes(t: ts.Type, env: Env, at?: Node): { types: string; shape: string; size?: number; dtype: string } | undefined {
    const info = this.tensor(t);
    if (!info) return undefined;
    const vals = info.dims.map(([d, spread]) => (spread ? undefined : this.value(d, env, at)));
    const types = `[${info.dims.map(([d, spread]) => (spread ? '...' : '') + this.show(d, at)).join(', ')}]`;
    const shape = `[${vals.map((v) => (v === undefined ? '?' : String(v))).join(', ')}]`;
    const size = vals.every((v) => v !== undefined) ? vals.reduce<number>((p, v) => p * (v ?? 1), 1) : undefined;
    return { types, shape, size, dtype: info.dtype };
  }

  /** bind the type parameters of `decl` (the callee's terms) by matching it against `arg` (the caller's terms) */
  unify(decl: ts.Type, arg: ts.Type, callerEnv: Env, out: Env, at: Node, depth = 0): void {
    if (depth > 8) return;
    const name = this.name(decl);
    if (name) {
      if (!out.has(name)) out.set(name, { show: this.show(arg, at), n: this.value(arg, callerEnv, at) });
      return;
    }
    const zip = (dx: readonly ts.Type[], ax: readonly ts.Type[]) => dx.forEach((d, i) => { if (ax[i]) this.unify(d, ax[i], callerEnv, out, at, depth + 1); });
    if (decl.aliasSymbol && arg.aliasSymbol && decl.aliasSymbol.name === arg.aliasSymbol.name) {
      zip(decl.aliasTypeArguments ?? [], arg.aliasTypeArguments ?? []);
      return;
    }
    const dt = this.target(decl), atg = this.target(arg);
    if (dt && atg && (dt === atg || (dt.symbol && dt.symbol === atg.symbol))) zip(this.typeArgs(decl), this.typeArgs(arg));
  }

  /** properties of an object type with their types at `at` */
  properties(t: ts.Type, at: Node): [string, ts.Type][] {
    return this.checker.getPropertiesOfType(t).map((p) => [p.name, this.checker.getTypeOfSymbolAtLocation(p, at.compilerNode)]);
  }
}

// ---------------------------------------------------------------------------------------------------
// the walk over forward

interface Ctx {
  env: Env;
  /** identifiers bound to parts of the parameter tree, as path segments from forward's first parameter */
  paths: Map<string, string[]>;
  depth: number;
  /** the functions being walked (no recursion) */
  stack: FunctionDeclaration[];
}

class Walker {
  readonly rows: Row[] = [];
  readonly used = new Set<string>();
  constructor(private readonly r: Reader, private readonly file: SourceFile, private readonly paramsPrefix: string[], private readonly layers: number) {}

  layerName(p: string[]): string {
    const rel = this.paramsPrefix.every((s, i) => p[i] === s) ? p.slice(this.paramsPrefix.length) : p;
    return rel.join('.');
  }

  path(e: Node, ctx: Ctx): string[] | undefined {
    if (Node.isIdentifier(e)) return ctx.paths.get(e.getText());
    if (Node.isPropertyAccessExpression(e)) {
      const base = this.path(e.getExpression(), ctx);
      return base && [...base, e.getName()];
    }
    if (Node.isElementAccessExpression(e)) {
      const base = this.path(e.getExpression(), ctx), arg = e.getArgumentExpression();
      return base && arg && Node.isNumericLiteral(arg) ? [...base, arg.getText()] : undefined;
    }
    if (Node.isParenthesizedExpression(e) || Node.isNonNullExpression(e) || Node.isAsExpression(e)) return this.path(e.getExpression(), ctx);
    return undefined;
  }

  bind(name: Node, init: Node | undefined, ctx: Ctx): void {
    const base = init && this.path(init, ctx);
    if (!base) return;
    if (Node.isIdentifier(name)) ctx.paths.set(name.getText(), base);
    else if (Node.isObjectBindingPattern(name)) {
      for (const el of name.getElements()) {
        const prop = el.getPropertyNameNode()?.getText() ?? el.getName();
        ctx.paths.set(el.getName(), [...base, prop]);
      }
    }
  }

  visit(node: Node, ctx: Ctx, name = ''): void {
    if (Node.isFunctionDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isClassDeclaration(node)) return;
    if (Node.isVariableDeclaration(node)) {
      const init = node.getInitializer();
      if (init) this.visit(init, ctx, Node.isIdentifier(node.getNameNode()) ? node.getName() : '');
      this.bind(node.getNameNode(), init, ctx);
      return;
    }
    if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === ts.SyntaxKind.EqualsToken) {
      this.visit(node.getRight(), ctx, node.getLeft().getText());
      return;
    }
    if (Node.isReturnStatement(node)) {
      const e = node.getExpression();
      if (e) this.visit(e, ctx, 'return');
      return;
    }
    if (Node.isForOfStatement(node)) {
      this.loop(node, ctx);
      return;
    }
    if (Node.isCallExpression(node)) {
      this.call(node, ctx, name);
      return;
    }
    node.forEachChild((c) => this.visit(c, ctx));
  }

  loop(node: Node, ctx: Ctx): void {
    if (!Node.isForOfStatement(node)) return;
    const iterated = this.path(node.getExpression(), ctx);
    const init = node.getInitializer();
    const inner: Ctx = { ...ctx, paths: new Map(ctx.paths), depth: ctx.depth + 1 };
    let repeat = 1;
    if (iterated && Node.isVariableDeclarationList(init)) {
      const decl = init.getDeclarations()[0];
      if (decl) {
        if (node.getExpression().getType().isArray()) repeat = this.layers;
        if (Node.isIdentifier(decl.getNameNode())) inner.paths.set(decl.getName(), [...iterated, 'i']);
      }
    }
    const head = `for (${init?.getText() ?? ''} of ${node.getExpression().getText()})`;
    this.rows.push({ depth: ctx.depth, kind: 'loop', name: iterated ? this.layerName(iterated) : '', op: head, types: '', repeat });
    this.visit(node.getStatement(), inner);
  }

  /** a function declared in the model file, with a body, that is not already being walked */
  local(call: Node, ctx: Ctx): FunctionDeclaration | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const callee = call.getExpression();
    if (!Node.isIdentifier(callee)) return undefined;
    const decl = callee.getSymbol()?.getDeclarations()[0];
    if (!decl || !Node.isFunctionDeclaration(decl) || decl.getSourceFile() !== this.file || !decl.getBody()) return undefined;
    return ctx.stack.includes(decl) ? undefined : decl;
  }

  call(node: Node, ctx: Ctx, name: string): void {
    if (!Node.isCallExpression(node)) return;
    const args = node.getArguments();
    for (const a of args) this.visit(a, ctx);
    const op = node.getExpression().getText();
    const callee = this.local(node, ctx);
    if (callee) {
      const env: Env = new Map();
      const paths = new Map<string, string[]>();
      callee.getParameters().forEach((p, i) => {
        const a = args[i];
        if (!a) return;
        this.r.unify(p.getType().compilerType, a.getType().compilerType, ctx.env, env, node);
        const ap = this.path(a, ctx);
        if (ap && Node.isIdentifier(p.getNameNode())) paths.set(p.getName(), ap);
      });
      const tps = callee.getTypeParameters().map((tp) => {
        const v = env.get(tp.getName());
        return { name: tp.getName(), v };
      });
      const firstPath = args[0] && this.path(args[0], ctx);
      this.rows.push({
        depth: ctx.depth, kind: 'call', name: firstPath ? this.layerName(firstPath) : '', op,
        types: `<${tps.map(({ name: n, v }) => (v && v.show !== n ? `${n} = ${v.show}` : n)).join(', ')}>`,
        shape: `<${tps.map(({ v }) => (v?.n === undefined ? '?' : String(v.n))).join(', ')}>`,
      });
      const body = callee.getBody();
      if (body) this.visit(body, { env, paths, depth: ctx.depth + 1, stack: [...ctx.stack, callee] });
      const s = this.r.shapes(node.getType().compilerType, ctx.env, node);
      if (s && name) this.rows.push({ depth: ctx.depth, kind: 'result', name, op: `= ${op}(...)`, types: s.types, shape: s.shape, dtype: s.dtype });
      return;
    }
    const s = this.r.shapes(node.getType().compilerType, ctx.env, node);
    if (!s) return;
    // arguments that are parameter tensors (their path starts at forward's first parameter)
    const sizes: (number | undefined)[] = [];
    const layers: string[] = [];
    for (const a of args) {
      const p = this.path(a, ctx);
      const ps = p && this.r.shapes(a.getType().compilerType, ctx.env, a);
      if (!p || !ps) continue;
      this.used.add(this.layerName(p));
      const layer = this.layerName(p.slice(0, -1));
      if (!layers.includes(layer)) layers.push(layer);
      sizes.push(ps.size);
    }
    const params = sizes.every((n) => n !== undefined) ? sizes.reduce<number>((t, n) => t + (n ?? 0), 0) : undefined;
    this.rows.push({
      depth: ctx.depth, kind: 'op', name, op,
      ...(layers.length ? { layer: layers.join(', '), params } : {}),
      types: s.types, shape: s.shape, dtype: s.dtype,
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// parameters

function walkParams(r: Reader, t: ts.Type, at: Node, env: Env, prefix: string[], repeat: number, layers: number, out: ParamTensor[], depth = 0): void {
  if (depth > 12) return;
  const s = r.shapes(t, env, at);
  if (s) {
    out.push({ name: prefix.join('.'), types: s.types, shape: s.shape, count: s.size, repeat });
    return;
  }
  if (r.checker.isArrayType(t)) {
    const el = r.typeArgs(t)[0];
    if (el) walkParams(r, el, at, env, [...prefix, 'i'], repeat * layers, layers, out, depth + 1);
    return;
  }
  if (!(t.flags & ts.TypeFlags.Object) || t.getCallSignatures().length > 0) return;
  for (const [name, pt] of r.properties(t, at)) walkParams(r, pt, at, env, [...prefix, name], repeat, layers, out, depth + 1);
}

// ---------------------------------------------------------------------------------------------------
// configs

interface Config {
  name: string;
  env: Env;
  layers: number;
}

/** the shapegrad GPT convention: PRESETS of ./configs.ts, instantiated through the model file's GPTOf */
function gptConfig(project: Project, model: SourceFile, forward: FunctionDeclaration, name: string, vocab: number): Config {
  const dir = path.dirname(model.getFilePath());
  const configs = path.join(dir, 'configs.ts');
  if (!fs.existsSync(configs) || !model.getTypeAlias('GPTOf')?.isExported()) {
    throw new UsageError(`--config needs a model file that exports GPTOf<Cfg> and a configs.ts beside it that exports PRESETS (use --dims otherwise)`);
  }
  const base = `./${path.basename(model.getFilePath()).replace(/\.tsx?$/, '')}`;
  const probe = project.createSourceFile(path.join(dir, '__shapegrad_summary__.ts'), [
    `import type { GPTOf } from ${JSON.stringify(base)};`,
    `import type { PRESETS } from './configs';`,
    `export type Names = keyof typeof PRESETS;`,
    `type Preset = (typeof PRESETS)[Names & ${JSON.stringify(name)}];`,
    `export type Model = GPTOf<Preset['model'] & { vocabSize: ${vocab} }>;`,
    `export type Batch = Preset['batchSize'];`,
    `export type Block = Preset['model']['blockSize'];`,
    `export type Layers = Preset['model']['nLayer'];`,
  ].join('\n'), { overwrite: true });
  const type = (n: string) => probe.getTypeAliasOrThrow(n).getType();
  const names = (type('Names').isUnion() ? type('Names').getUnionTypes() : [type('Names')]).map((u) => String(u.getLiteralValue()));
  if (!names.includes(name)) {
    throw new UsageError(`--config: unknown config "${name}", expected one of ${names.join(', ')}`);
  }
  const r = new Reader(project);
  const env: Env = new Map();
  const params = forward.getParameters();
  const model0 = params[0];
  if (model0) r.unify(model0.getType().compilerType, type('Model').compilerType, new Map(), env, forward);
  // the int32 input: [batchSize, blockSize]
  const num = (n: string) => Number(type(n).getLiteralValue());
  for (const p of params.slice(1)) {
    const info = r.tensor(p.getType().compilerType);
    if (!info || info.dtype !== 'int32' || info.dims.length !== 2) continue;
    const [b, t] = info.dims.map(([d]) => d);
    for (const [d, v] of [[b, num('Batch')], [t, num('Block')]] as const) {
      const n = r.name(d);
      if (n && !env.has(n)) env.set(n, { show: String(v), n: v });
    }
    break;
  }
  return { name, env, layers: num('Layers') };
}

function parseDims(spec: string, forward: FunctionDeclaration): Env {
  const names = forward.getTypeParameters().map((t) => t.getName());
  const env: Env = new Map();
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = part.match(/^([A-Za-z_$][\w$]*)=(\d+)$/);
    if (!m) throw new UsageError(`--dims: expected NAME=N pairs such as B=16,T=32, got "${part}"`);
    if (!names.includes(m[1])) throw new UsageError(`--dims: forward has no type parameter ${m[1]} (it has ${names.join(', ') || 'none'})`);
    env.set(m[1], { show: m[2], n: Number(m[2]) });
  }
  return env;
}

// ---------------------------------------------------------------------------------------------------

export interface SummaryTarget {
  project: Project;
  file: SourceFile;
  cwd: string;
}

/** the project (tsconfig of cwd, or --project) with the model file added */
export function loadSummaryTarget(opts: { cwd: string; file: string; tsconfig?: string }): SummaryTarget {
  const cwd = path.resolve(opts.cwd);
  const abs = path.resolve(cwd, opts.file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new UsageError(`${opts.file}: no such file`);
  const tsconfig = path.resolve(cwd, opts.tsconfig ?? 'tsconfig.json');
  if (opts.tsconfig !== undefined && !fs.existsSync(tsconfig)) throw new UsageError(`${opts.tsconfig}: the tsconfig file does not exist`);
  const project = fs.existsSync(tsconfig)
    ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true })
    : new Project({ compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true } });
  const file = project.addSourceFileAtPath(abs);
  return { project, file, cwd };
}

/** the summary of one model file under one config (or --dims) */
export function summarize(target: SummaryTarget, opts: { config?: string; dims?: string; layers?: number; vocab?: number }): Summary {
  const { project, file } = target;
  const forward = file.getFunction('forward');
  if (!forward || !forward.isExported() || !forward.getBody()) {
    throw new UsageError(`${path.relative(target.cwd, file.getFilePath())}: no exported function declaration named forward (shapegrad summary follows it)`);
  }
  const usesGpt = !!file.getTypeAlias('GPTOf')?.isExported();
  const configName = opts.config ?? (usesGpt && opts.dims === undefined ? 'small' : undefined);
  const cfg = configName !== undefined ? gptConfig(project, file, forward, configName, opts.vocab ?? 65) : undefined;
  const env: Env = new Map(cfg?.env ?? []);
  if (opts.dims !== undefined) for (const [k, v] of parseDims(opts.dims, forward)) env.set(k, v);
  const layers = opts.layers ?? cfg?.layers ?? 1;

  const r = new Reader(project);
  const params = forward.getParameters();
  const root = params[0];
  const rootType = root?.getType();
  const paramsProp = rootType?.getProperty('params');
  const prefix = paramsProp ? ['params'] : [];
  const walker = new Walker(r, file, prefix, layers);
  const rootPaths = new Map<string, string[]>();
  if (root && Node.isIdentifier(root.getNameNode())) rootPaths.set(root.getName(), []);
  // inputs: forward's tensor parameters
  for (const p of params) {
    const s = r.shapes(p.getType().compilerType, env, forward);
    if (s && p !== root) walker.rows.push({ depth: 0, kind: 'input', name: p.getName(), op: 'input', types: s.types, shape: s.shape, dtype: s.dtype });
  }
  const body = forward.getBody();
  if (body) walker.visit(body, { env, paths: rootPaths, depth: 0, stack: [forward] });

  const tensors: ParamTensor[] = [];
  if (rootType && root) {
    const tree = paramsProp ? paramsProp.getTypeAtLocation(root) : rootType;
    walkParams(r, tree.compilerType, root, env, [], 1, layers, tensors);
  }
  const total = tensors.every((t) => t.count !== undefined) ? tensors.reduce((s, t) => s + (t.count ?? 0) * t.repeat, 0) : undefined;
  const dims = forward.getTypeParameters().map((tp) => ({ name: tp.getName(), value: env.get(tp.getName())?.n }));
  return {
    file: path.relative(target.cwd, file.getFilePath()), config: configName, dims, layers,
    rows: walker.rows, parameters: tensors, total, unused: tensors.map((t) => t.name).filter((n) => !walker.used.has(n)),
  };
}

// ---------------------------------------------------------------------------------------------------
// output

const fmt = (n: number | undefined): string => (n === undefined ? '?' : n.toLocaleString('en-US'));

function table(head: string[], rows: string[][], right: number[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (right.includes(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

export function formatSummary(s: Summary): string {
  const label = s.config ?? 'dims';
  const dims = s.dims.map((d) => `${d.name} = ${d.value ?? '?'}`).join(', ');
  const out: string[] = [];
  out.push(`${s.file}: forward${s.config ? `, config ${s.config}` : ''} (${dims}; parameter arrays x${s.layers})`, '');
  const rows = s.rows.map((r) => {
    const indent = '  '.repeat(r.depth);
    const dt = r.dtype && r.dtype !== 'float32' ? ` ${r.dtype}` : '';
    const name = `${indent}${r.name}`;
    const op = r.kind === 'loop' ? `${r.op} x${r.repeat}` : r.op;
    return [name, op, r.layer ?? '', r.types ? r.types + dt : '', r.shape ? r.shape + dt : '', r.params !== undefined ? fmt(r.params) : r.layer ? '?' : ''];
  });
  out.push(table(['name', 'op', 'layer', 'shape (types)', `shape (${label})`, 'params'], rows, [5]), '');
  const prow = s.parameters.map((p) => [p.name, p.types, p.shape, fmt(p.count), p.repeat > 1 ? `x${p.repeat}` : '']);
  out.push(table(['parameter', 'shape (types)', `shape (${label})`, 'params', 'copies'], prow, [3]), '');
  const perCopy = new Map<number, number>();
  for (const p of s.parameters) perCopy.set(p.repeat, (perCopy.get(p.repeat) ?? 0) + (p.count ?? Number.NaN));
  for (const [rep, n] of perCopy) if (rep > 1) out.push(`repeated parameters: ${fmt(Number.isNaN(n) ? undefined : n)} per copy, x${rep} = ${fmt(Number.isNaN(n) ? undefined : n * rep)}`);
  out.push(`total parameters: ${fmt(s.total)}`);
  if (s.unused.length) out.push(`not used by forward: ${s.unused.join(', ')}`);
  return `${out.join('\n')}\n`;
}

export function runSummary(args: SummaryArgs): { code: number; output: string } {
  const target = loadSummaryTarget(args);
  const s = summarize(target, args);
  return { code: 0, output: args.json ? `${JSON.stringify(s, null, 2)}\n` : formatSummary(s) };
}
