// The lessons' pictures: small Vega specs rendered to SVG strings in Node (no browser, no canvas), and
// written under docs/img/ where the chapters show them. Vega is an ES module and this project is CommonJS,
// so it is loaded with a dynamic import(), which Node 20 allows from CommonJS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Spec, Mark, Data } from 'vega';

/** where the chapters (docs/*.md) look for pictures */
export const IMG_DIR = path.join(__dirname, '../../docs/img');

/** render a Vega spec to an SVG string, headless */
export async function renderSvg(spec: Spec): Promise<string> {
  const vega = await import('vega');
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** write an SVG under docs/img (or `dir`); returns the path written, relative to the working directory */
export function writeSvg(name: string, svg: string, dir = IMG_DIR): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, svg.endsWith('\n') ? svg : `${svg}\n`);
  return path.relative(process.cwd(), file) || file;
}

const FONT = { titleFont: 'sans-serif', labelFont: 'sans-serif' };

// ---------------------------------------------------------------------------------------------------
// line chart: one line per series (loss curves)

export interface Series {
  name: string;
  points: [x: number, y: number][];
  /** draw the points as dots too (sparse series such as evaluations) */
  dots?: boolean;
}

export interface LineChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
  width?: number;
  height?: number;
  /** y axis range; default: the data's */
  yDomain?: [number, number];
}

export function lineChartSpec(o: LineChartOptions): Spec {
  const rows = o.series.flatMap((s) => s.points.map(([x, y]) => ({ series: s.name, x, y })));
  const dotted = o.series.filter((s) => s.dots).map((s) => s.name);
  return {
    width: o.width ?? 560,
    height: o.height ?? 300,
    padding: 8,
    title: { text: o.title, font: 'sans-serif' },
    data: [
      { name: 'rows', values: rows },
      { name: 'dots', source: 'rows', transform: [{ type: 'filter', expr: `indexof(${JSON.stringify(dotted)}, datum.series) >= 0` }] },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: { data: 'rows', field: 'x' }, range: 'width', nice: true, zero: false },
      { name: 'y', type: 'linear', domain: o.yDomain ?? { data: 'rows', field: 'y' }, range: 'height', nice: true, zero: false },
      { name: 'color', type: 'ordinal', domain: o.series.map((s) => s.name), range: 'category' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: o.xTitle, grid: true, ...FONT },
      { orient: 'left', scale: 'y', title: o.yTitle, grid: true, ...FONT },
    ],
    legends: [{ stroke: 'color', orient: 'top-right', symbolType: 'stroke', labelLimit: 320, ...FONT }],
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'one', data: 'rows', groupby: 'series' } },
        marks: [{
          type: 'line',
          from: { data: 'one' },
          encode: { enter: {
            x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' },
            stroke: { scale: 'color', field: 'series' }, strokeWidth: { value: 1.6 },
          } },
        }],
      },
      {
        type: 'symbol',
        from: { data: 'dots' },
        encode: { enter: {
          x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' },
          fill: { scale: 'color', field: 'series' }, size: { value: 36 },
        } },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// heatmap: a matrix with labelled rows and columns (bigram counts, attention weights)

export interface HeatmapOptions {
  title: string;
  /** row-major values, rows x cols */
  values: ArrayLike<number>;
  rowLabels: string[];
  colLabels: string[];
  rowTitle: string;
  colTitle: string;
  /** pixel size of one cell */
  cell?: number;
  /** a Vega color scheme ('blues', 'viridis', ...) */
  scheme?: string;
  /** the legend's title (what a colour means) */
  valueTitle?: string;
  /** print each value in its cell (small matrices) */
  annotate?: boolean;
  /** 'symlog' spreads values over orders of magnitude (counts), 0 included */
  colorType?: 'linear' | 'symlog';
  /** the values the legend names (default: Vega's choice) */
  legendValues?: number[];
  /** draw cells whose value is exactly 0 white (e.g. pairs never seen) */
  blankZero?: boolean;
}

/** characters as axis labels: the invisible ones made visible */
export function showChar(c: string): string {
  if (c === '\n') return '\\n';
  if (c === ' ') return '␣';
  return c;
}

export function heatmapSpec(o: HeatmapOptions): Spec {
  const rows = o.rowLabels.length, cols = o.colLabels.length;
  if (o.values.length !== rows * cols) throw new Error(`heatmap: ${o.values.length} values for ${rows} x ${cols} labels`);
  const cell = o.cell ?? 12;
  // labels may repeat (a character twice in a sentence): cells are keyed by index, labelled by text
  const cells: { r: number; c: number; v: number }[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ r, c, v: o.values[r * cols + c] });
  const axisLabels = (labels: string[]) => `${JSON.stringify(labels)}[datum.value]`;
  const small = Math.min(10, Math.max(6, cell - 3));
  const marks: Mark[] = [{
    type: 'rect',
    from: { data: 'cells' },
    encode: { enter: {
      x: { scale: 'x', field: 'c' }, width: { scale: 'x', band: 1 },
      y: { scale: 'y', field: 'r' }, height: { scale: 'y', band: 1 },
      fill: o.blankZero ? [{ test: 'datum.v === 0', value: 'white' }, { scale: 'color', field: 'v' }] : { scale: 'color', field: 'v' },
    } },
  }];
  if (o.annotate) {
    marks.push({
      type: 'text',
      from: { data: 'cells' },
      encode: { enter: {
        x: { scale: 'x', field: 'c', band: 0.5 }, y: { scale: 'y', field: 'r', band: 0.5 },
        text: { signal: "format(datum.v, '.2f')" }, align: { value: 'center' }, baseline: { value: 'middle' },
        fontSize: { value: small }, fill: { signal: 'datum.v > 0.5 ? "white" : "black"' },
      } },
    });
  }
  return {
    width: cols * cell,
    height: rows * cell,
    padding: 8,
    title: { text: o.title, font: 'sans-serif' },
    data: [{ name: 'cells', values: cells }],
    scales: [
      { name: 'x', type: 'band', domain: { data: 'cells', field: 'c', sort: true }, range: 'width' },
      { name: 'y', type: 'band', domain: { data: 'cells', field: 'r', sort: true }, range: 'height' },
      { name: 'color', type: o.colorType ?? 'linear', domain: { data: 'cells', field: 'v' }, range: { scheme: o.scheme ?? 'blues' } },
    ],
    axes: [
      { orient: 'top', scale: 'x', title: o.colTitle, labelFontSize: small, labelAngle: 0, encode: { labels: { update: { text: { signal: axisLabels(o.colLabels) } } } }, ...FONT },
      { orient: 'left', scale: 'y', title: o.rowTitle, labelFontSize: small, encode: { labels: { update: { text: { signal: axisLabels(o.rowLabels) } } } }, ...FONT },
    ],
    legends: [{
      fill: 'color', title: o.valueTitle ?? '', titleLimit: 400, gradientLength: Math.max(80, rows * cell - 20),
      ...(o.legendValues ? { values: o.legendValues } : {}), ...FONT,
    }],
    marks,
  };
}

// ---------------------------------------------------------------------------------------------------
// decision boundaries: panels of (class-1 probability over a grid, the data points on top)

export interface Point2 { x: number; y: number; label: number }

export interface BoundaryPanel {
  title: string;
  /** p(class 1) on an n x n grid over [x0, x1] x [y0, y1], row-major with y as the row (row 0 = y0) */
  prob: ArrayLike<number>;
  points: Point2[];
}

export interface BoundaryOptions {
  title: string;
  panels: BoundaryPanel[];
  n: number;
  extent: { x0: number; x1: number; y0: number; y1: number };
  /** pixel size of one panel */
  size?: number;
  /** what the colour means (default: p(class 1)) */
  legendTitle?: string;
}

/** the grid's cell centres, row-major (y rows, x columns): what the model is asked about */
export function gridPoints(n: number, e: BoundaryOptions['extent']): Float32Array {
  const out = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      out[(r * n + c) * 2] = e.x0 + ((c + 0.5) / n) * (e.x1 - e.x0);
      out[(r * n + c) * 2 + 1] = e.y0 + ((r + 0.5) / n) * (e.y1 - e.y0);
    }
  }
  return out;
}

export function boundarySpec(o: BoundaryOptions): Spec {
  const size = o.size ?? 220;
  const { n, extent: e } = o;
  const data: Data[] = [];
  const levels = Array.from({ length: 10 }, (_, i) => i / 10);
  const panels: Mark[] = o.panels.map((p, i) => {
    // the grid as an image: row 0 on top, so rows are flipped (grid row 0 is y0, the bottom)
    const values: number[] = [];
    for (let r = n - 1; r >= 0; r--) for (let c = 0; c < n; c++) values.push(p.prob[r * n + c]);
    const grid = [{ width: n, height: n, values }];
    // filled bands of p(class 1) every 0.1 (far smaller SVG than one rectangle per cell)
    data.push(
      { name: `bands${i}`, values: grid, transform: [{ type: 'isocontour', thresholds: levels, scale: size / n, smooth: true }] },
      { name: `points${i}`, values: p.points },
    );
    return {
      type: 'group',
      title: { text: p.title, font: 'sans-serif', fontSize: 12 },
      encode: { enter: { width: { value: size }, height: { value: size }, stroke: { value: '#888' } } },
      marks: [
        {
          type: 'shape',
          from: { data: `bands${i}` },
          encode: { enter: { fill: { scale: 'prob', field: 'contour.value' } } },
          transform: [{ type: 'geoshape', field: 'datum.contour' }],
        },
        {
          type: 'symbol',
          from: { data: `points${i}` },
          encode: { enter: {
            x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, size: { value: 36 },
            fill: { signal: 'datum.label == 1 ? "#b2182b" : "#2166ac"' }, stroke: { value: '#111' }, strokeWidth: { value: 0.8 },
          } },
        },
      ],
    };
  });
  return {
    padding: 8,
    autosize: 'pad',
    title: { text: o.title, font: 'sans-serif' },
    layout: { columns: o.panels.length, padding: 24, bounds: 'full' },
    data,
    scales: [
      { name: 'x', type: 'linear', domain: [e.x0, e.x1], range: [0, size] },
      { name: 'y', type: 'linear', domain: [e.y0, e.y1], range: [size, 0] },
      { name: 'prob', type: 'linear', domain: [0, 1], range: { scheme: 'redblue' }, reverse: true },
    ],
    legends: [{ fill: 'prob', title: o.legendTitle ?? 'p(class 1)', ...FONT }],
    marks: panels,
  };
}
