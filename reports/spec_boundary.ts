/**
 * Decision boundaries (kind "boundary"): the model's output on a grid as a raster of rects
 * (x/x2/y/y2, coloured by value) with the data points on top, coloured and shaped by label; one
 * panel per trial, axis titles from the payload. Boundary snapshots (one model at several points
 * of its training) draw as small multiples: a row per trial, a panel per snapshot titled by its
 * iteration (or epoch).
 */
import type { TopLevelSpec } from "vega-lite";
import type { OutputChart, Params } from "../harness/experiment.ts";
import type { BoundarySnapshots, DecisionBoundary } from "../schema/payloads.ts";
import {
  isBoundarySnapshots,
  outputField,
  readBoundary,
  readBoundarySnapshots,
} from "./spec_common.ts";
import type { ChartDatum, ChartTrial, Vl } from "./spec_common.ts";
import { outputSpec, type PanelKind } from "./spec_common.ts";

/**
 * The boundary's own data fields. Cells and points are two datasets of the chart's own (one per
 * layer), so the names are short: a panel inlines thousands of cells.
 */
export const BOUNDARY = {
  /** A cell's column and row in the (block-averaged) grid, and its mean output. */
  i: "i",
  j: "j",
  value: "v",
  /** Cell edges, computed in the spec from i and j. */
  x0: "x0",
  x1: "x1",
  y0: "y0",
  y1: "y1",
  /** A data point. */
  x: "x",
  y: "y",
  label: "label",
} as const;

/** At most this many cells per axis are drawn; finer grids are averaged in blocks. */
export const MAX_CELLS = 48;

const POINT_COLORS = ["#08306b", "#7f2704", "#00441b", "#3f007d", "#67000d", "#252525"];
const POINT_SHAPES = ["circle", "square", "triangle-up", "diamond", "triangle-down", "cross"];

/** The drawn grid along one axis: first cell's left edge, cell width, cells, far edge. */
export interface GridAxis {
  lo: number;
  width: number;
  cells: number;
  hi: number;
  /** Grid points averaged into one drawn cell. */
  block: number;
}

/** Grid point i sits at the centre of its cell; blocks of `block` points make one drawn cell. */
export function gridAxis(a: DecisionBoundary["x"]): GridAxis {
  const block = Math.ceil(a.n / MAX_CELLS);
  const step = a.n > 1 ? (a.max - a.min) / (a.n - 1) : (a.max - a.min || 1);
  return {
    lo: a.min - step / 2,
    width: step * block,
    cells: Math.ceil(a.n / block),
    hi: a.max + step / 2,
    block,
  };
}

/**
 * Four significant digits: more than a colour or a point's position can show, and the spec (data
 * inlined, often thousands of cells and points) stays small.
 */
const short = (v: number) => Number(v.toPrecision(4));

/**
 * The grid as cells (column i, row j, mean output of its block) and the labelled points. Cell
 * edges are computed in the spec from i and j, which keeps the inlined data small.
 */
export function boundaryData(b: DecisionBoundary): { cells: ChartDatum[]; points: ChartDatum[] } {
  const gx = gridAxis(b.x);
  const gy = gridAxis(b.y);
  const cells: ChartDatum[] = [];
  for (let j = 0; j < gy.cells; j++) {
    for (let i = 0; i < gx.cells; i++) {
      let sum = 0;
      let count = 0;
      for (let iy = j * gy.block; iy < Math.min(b.y.n, (j + 1) * gy.block); iy++) {
        for (let ix = i * gx.block; ix < Math.min(b.x.n, (i + 1) * gx.block); ix++) {
          const v = b.value[iy * b.x.n + ix];
          if (Number.isFinite(v)) {
            sum += v;
            count++;
          }
        }
      }
      if (count === 0) continue; // a non-finite output leaves its cell empty
      cells.push({ [BOUNDARY.i]: i, [BOUNDARY.j]: j, [BOUNDARY.value]: short(sum / count) });
    }
  }
  const points = b.points.x.map((x, i) => ({
    [BOUNDARY.x]: short(x),
    [BOUNDARY.y]: short(b.points.y[i]),
    [BOUNDARY.label]: String(b.points.label[i]),
  }));
  return { cells, points };
}

/** A colour scale for the model's output: probabilities centre on 0.5, signed scores on 0. */
function valueScale(values: readonly number[]): Vl {
  if (values.length === 0) return { scheme: "blueorange" };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  if (lo >= 0 && hi <= 1) return { scheme: "blueorange", domain: [0, 1], domainMid: 0.5 };
  if (lo < 0 && hi > 0) return { scheme: "blueorange", domainMid: 0 };
  return { scheme: "blueorange" };
}

/**
 * `datum.<index>` → the cell's edges, clipped to the grid's far edge (a partial last block). The
 * far edge reaches a tenth of a cell into the next one, which is drawn over it: abutting rects
 * would otherwise show anti-aliased seams, a white lattice over the raster.
 */
function edgesFrom(index: string, axis: GridAxis, from: string, to: string): Vl[] {
  const i = `datum[${JSON.stringify(index)}]`;
  return [
    { calculate: `${axis.lo} + ${i} * ${axis.width}`, as: from },
    { calculate: `min(${axis.lo} + (${i} + 1.1) * ${axis.width}, ${axis.hi})`, as: to },
  ];
}

/** A panel's size, and whether it titles its y axis (the first of a row of snapshots only). */
interface PanelLayout {
  width: number;
  height: number;
  yTitle: boolean;
}

const SINGLE: PanelLayout = { width: 380, height: 320, yTitle: true };
const PANEL: PanelLayout = { width: 230, height: 200, yTitle: true };

/** Snapshot panels: narrower the more of them share a row (a row of 5 fits 1,280 px). */
export function snapshotLayout(count: number, first: boolean): PanelLayout {
  const width = Math.max(120, Math.min(PANEL.width, Math.round(900 / count) - 40));
  return { width, height: Math.round(width * 0.9), yTitle: first };
}

function panel(b: DecisionBoundary, chart: OutputChart, layout: PanelLayout): Vl {
  const { cells, points } = boundaryData(b);
  const gx = gridAxis(b.x);
  const gy = gridAxis(b.y);
  const cellValues = cells.map((d) => d[BOUNDARY.value] as number);
  const xTitle = b.xTitle ?? chart.xTitle ?? "x₁";
  const yTitle = b.yTitle ?? chart.yTitle ?? "x₂";
  const yAxisTitle = layout.yTitle ? yTitle : null;
  // The axes span the grid exactly; points outside it are clipped.
  const scale = (a: GridAxis): Vl => ({ domain: [a.lo, a.hi], nice: false, zero: false });
  return {
    width: layout.width,
    height: layout.height,
    layer: [
      {
        data: { values: cells },
        transform: [
          ...edgesFrom(BOUNDARY.i, gx, BOUNDARY.x0, BOUNDARY.x1),
          ...edgesFrom(BOUNDARY.j, gy, BOUNDARY.y0, BOUNDARY.y1),
        ],
        // Thousands of cells: no per-cell accessible label (it would triple the SVG).
        mark: { type: "rect", aria: false },
        encoding: {
          x: { field: BOUNDARY.x0, type: "quantitative", title: xTitle, scale: scale(gx) },
          x2: { field: BOUNDARY.x1 },
          y: { field: BOUNDARY.y0, type: "quantitative", title: yAxisTitle, scale: scale(gy) },
          y2: { field: BOUNDARY.y1 },
          color: {
            field: BOUNDARY.value,
            type: "quantitative",
            title: "model output",
            scale: valueScale(cellValues),
          },
          tooltip: [{
            field: BOUNDARY.value,
            type: "quantitative",
            title: "output",
            format: ".3~g",
          }],
        },
      },
      {
        data: { values: points },
        mark: {
          type: "point",
          // Hundreds of points: no per-point accessible label either.
          aria: false,
          filled: true,
          opacity: 1,
          size: 42,
          stroke: "white",
          strokeWidth: 0.8,
          clip: true,
        },
        encoding: {
          x: { field: BOUNDARY.x, type: "quantitative", title: xTitle },
          y: { field: BOUNDARY.y, type: "quantitative", title: yAxisTitle },
          // fill, not color: the points' label colours are a scale apart from the grid's. (No
          // explicit sort on fill and shape: it keeps Vega-Lite from merging their legends.)
          fill: {
            field: BOUNDARY.label,
            type: "nominal",
            title: "label",
            scale: { range: POINT_COLORS },
          },
          shape: {
            field: BOUNDARY.label,
            type: "nominal",
            title: "label",
            scale: { range: POINT_SHAPES },
          },
          tooltip: [
            { field: BOUNDARY.x, type: "quantitative", title: xTitle, format: ".3~g" },
            { field: BOUNDARY.y, type: "quantitative", title: yTitle, format: ".3~g" },
            { field: BOUNDARY.label, type: "nominal", title: "label" },
          ],
        },
      },
    ],
  };
}

const BOUNDARY_KIND: PanelKind<DecisionBoundary> = {
  what: "a DecisionBoundary",
  read: readBoundary,
  panel: (b, chart, single) => panel(b, chart, single ? SINGLE : PANEL),
  columns: 3,
};

/** One trial's snapshots: a row of panels, each titled "<unit> <at>" ("iteration 1000"). */
function snapshotRow(s: BoundarySnapshots, chart: OutputChart): Vl {
  const n = s.snapshots.length;
  return {
    hconcat: s.snapshots.map(({ at, boundary }, k) => ({
      title: { text: `${s.unit} ${at}`, fontSize: 11, fontWeight: "normal" },
      ...panel(boundary, chart, snapshotLayout(n, k === 0)),
    })),
    spacing: 10,
  };
}

const SNAPSHOTS_KIND: PanelKind<BoundarySnapshots> = {
  what: "BoundarySnapshots",
  read: readBoundarySnapshots,
  panel: snapshotRow,
  // A row per trial.
  columns: 1,
};

/**
 * Builds a decision-boundary chart: a panel per trial, or, when the trials' outputs hold
 * BoundarySnapshots, a row of snapshots per trial.
 */
export function boundarySpec(
  chart: OutputChart,
  trials: readonly ChartTrial[],
  defaults: Params = {},
): TopLevelSpec {
  const snapshots = trials.some((t) => isBoundarySnapshots(outputField(t.outputs, chart.field)));
  return snapshots
    ? outputSpec(SNAPSHOTS_KIND, chart, trials, defaults)
    : outputSpec(BOUNDARY_KIND, chart, trials, defaults);
}
