import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import { formatCount, formatDecimal, formatDuration } from './report-format';

// Only what the report charts draw: the rest of Chart.js stays out of the bundle.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  Legend,
  Tooltip,
);

export type ValueFormat = 'count' | 'percent' | 'duration' | 'decimal';

/** A series' colour: one of the report palette's tokens (`--chart-1` ...), light or dark. */
export type SeriesColour = 1 | 2 | 3 | 4 | 5 | 6;

export interface ChartSeries {
  label: string;
  data: Array<number | null>;
  colour: SeriesColour;
  kind: 'bar' | 'line';
  /** The right-hand axis. */
  secondAxis?: boolean;
}

export interface ChartAxis {
  title: string;
  format: ValueFormat;
  logarithmic?: boolean;
}

/** What a report chart shows, free of Chart.js: ReportChart draws it with the theme's colours. */
export interface ChartSpec {
  labels: string[];
  series: ChartSeries[];
  y: ChartAxis;
  y2?: ChartAxis;
  stacked?: boolean;
  horizontal?: boolean;
}

export function formatValue(value: number, format: ValueFormat): string {
  switch (format) {
    case 'count':
      return formatCount(value);
    case 'percent':
      return `${formatDecimal(value)}%`;
    case 'duration':
      return formatDuration(value);
    case 'decimal':
      return formatDecimal(value);
  }
}

interface ThemeColours {
  text: string;
  grid: string;
  surface: string;
  series: Record<SeriesColour, string>;
}

/** The tokens as the page's theme sets them now. */
export function themeColours(element: Element): ThemeColours {
  const style = getComputedStyle(element);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: token('--color-text-muted'),
    grid: token('--color-border'),
    surface: token('--color-surface'),
    series: {
      1: token('--chart-1'),
      2: token('--chart-2'),
      3: token('--chart-3'),
      4: token('--chart-4'),
      5: token('--chart-5'),
      6: token('--chart-6'),
    },
  };
}

/** A duration axis is drawn in one unit, so its ticks read as plain numbers ("Minutes": 1, 10, 100). */
const UNITS = [
  { name: 'milliseconds', ms: 1 },
  { name: 'seconds', ms: 1000 },
  { name: 'minutes', ms: 60_000 },
  { name: 'hours', ms: 3_600_000 },
  { name: 'days', ms: 86_400_000 },
] as const;
type Unit = (typeof UNITS)[number];

/** The largest unit that keeps `reference` at `least` or more of it. */
function unitFor(reference: number, least: number): Unit {
  return [...UNITS].reverse().find((unit) => reference >= least * unit.ms) ?? UNITS[0];
}

const tickNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function axisUnit(spec: ChartAxis, values: number[]): Unit | null {
  if (spec.format !== 'duration') {
    return null;
  }
  const positive = values.filter((value) => value > 0);
  if (positive.length === 0) {
    return UNITS[0];
  }
  // On a logarithmic axis the smallest value should not read as 0.001 of the unit.
  return spec.logarithmic === true ? unitFor(Math.min(...positive), 1) : unitFor(Math.max(...positive), 2);
}

/** A logarithmic axis starts a decade below its smallest value, so that value's bar still shows. */
function logMinimum(values: number[], unit: Unit | null): number | undefined {
  const positive = values.filter((value) => value > 0).map((value) => value / (unit?.ms ?? 1));
  if (positive.length === 0) {
    return undefined;
  }
  const smallest = Math.min(...positive);
  const decade = 10 ** Math.floor(Math.log10(smallest));
  return smallest / decade < 2 ? decade / 10 : decade;
}

function axis(
  spec: ChartAxis,
  unit: Unit | null,
  values: number[],
  colours: ThemeColours,
  stacked: boolean,
  position: 'left' | 'right' | 'bottom',
) {
  return {
    min: spec.logarithmic === true ? logMinimum(values, unit) : undefined,
    type: spec.logarithmic === true ? ('logarithmic' as const) : ('linear' as const),
    position,
    stacked,
    beginAtZero: spec.logarithmic !== true,
    title: {
      display: true,
      text:
        unit === null ? spec.title : `${spec.title}, ${unit.name}${spec.logarithmic === true ? ' (log scale)' : ''}`,
      color: colours.text,
    },
    grid: { color: colours.grid, drawOnChartArea: position !== 'right' },
    border: { color: colours.grid },
    ticks: {
      color: colours.text,
      maxTicksLimit: 6,
      precision: spec.format === 'count' ? 0 : undefined,
      callback: (value: number | string) =>
        unit === null ? formatValue(Number(value), spec.format) : tickNumber.format(Number(value)),
    },
  };
}

const POINT_STYLES = ['circle', 'rectRot', 'triangle', 'rect'] as const;

/** The Chart.js configuration of a spec with the theme's colours; no animation (charts redraw on theme changes). */
export function chartConfiguration(spec: ChartSpec, colours: ThemeColours): ChartConfiguration<'bar' | 'line'> {
  const valueAxis = spec.horizontal === true ? 'x' : 'y';
  const categoryAxis = spec.horizontal === true ? 'y' : 'x';
  const valuesOn = (second: boolean) =>
    spec.series
      .filter((series) => (series.secondAxis === true) === second)
      .flatMap((series) => series.data.filter((value): value is number => value !== null));
  const unit = axisUnit(spec.y, valuesOn(false));
  const unit2 = spec.y2 === undefined ? null : axisUnit(spec.y2, valuesOn(true));
  let lines = 0;
  return {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((series) => {
        const seriesUnit = series.secondAxis === true ? unit2 : unit;
        const pointStyle = series.kind === 'line' ? POINT_STYLES[lines++ % POINT_STYLES.length] : undefined;
        return {
          type: series.kind,
          label: series.label,
          data: series.data.map((value) => (value === null || seriesUnit === null ? value : value / seriesUnit.ms)),
          backgroundColor: colours.series[series.colour],
          borderColor: colours.series[series.colour],
          borderWidth: series.kind === 'line' ? 2 : 0,
          pointStyle,
          pointRadius: series.kind === 'line' ? 4 : undefined,
          spanGaps: true,
          yAxisID: series.secondAxis === true ? 'y2' : valueAxis === 'y' ? 'y' : undefined,
          xAxisID: valueAxis === 'x' ? 'x' : undefined,
          order: series.kind === 'line' ? 0 : 1,
        };
      }),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: spec.horizontal === true ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: {
          position: 'bottom',
          labels: { color: colours.text, boxWidth: 14, boxHeight: 14, usePointStyle: true },
        },
        tooltip: {
          callbacks: {
            label: (item) => {
              const second = item.dataset.yAxisID === 'y2' && spec.y2 !== undefined;
              const format = second && spec.y2 !== undefined ? spec.y2.format : spec.y.format;
              const itemUnit = second ? unit2 : unit;
              const name = item.dataset.label ?? '';
              if (item.raw === null) {
                return `${name}: no data`;
              }
              const value = Number(item.raw) * (itemUnit === null ? 1 : itemUnit.ms);
              return `${name}: ${formatValue(value, format)}`;
            },
          },
        },
      },
      scales: {
        [categoryAxis]: {
          type: 'category',
          stacked: spec.stacked === true,
          grid: { color: colours.grid, display: false },
          border: { color: colours.grid },
          ticks: { color: colours.text, autoSkip: true, maxRotation: 0 },
        },
        [valueAxis]: axis(
          spec.y,
          unit,
          valuesOn(false),
          colours,
          spec.stacked === true,
          valueAxis === 'x' ? 'bottom' : 'left',
        ),
        ...(spec.y2 === undefined ? {} : { y2: axis(spec.y2, unit2, valuesOn(true), colours, false, 'right') }),
      },
    },
  };
}
