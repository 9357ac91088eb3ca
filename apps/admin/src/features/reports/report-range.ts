import { REPORT_GROUPINGS, REPORT_MAX_RANGE_DAYS, type ReportGrouping } from '@neodesk/contracts';

/** The range presets of the picker; `custom` reads `from` and `to` from the URL. */
export const RANGE_PRESETS = ['7d', '30d', '90d', 'month', '12m', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const PRESET_LABELS: Record<RangePreset, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  month: 'This month',
  '12m': 'Last 12 months',
  custom: 'Custom dates',
};

export const GROUPING_LABELS: Record<ReportGrouping, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** What a report shows: days `from` to `to`, both included (the API's `to` is the day after), in `timeZone`. */
export interface ReportSelection {
  preset: RangePreset;
  from: string;
  to: string;
  groupBy: ReportGrouping;
  timeZone: string;
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today's date (`YYYY-MM-DD`) on the wall clock of `timeZone`. */
export function today(timeZone: string, now = Date.now()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now),
  );
}

function parseDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return formatDay(parseDay(day) + days * 86_400_000);
}

/** Days from `from` to `to`, both included. */
export function daysIn(from: string, to: string): number {
  return Math.round((parseDay(to) - parseDay(from)) / 86_400_000) + 1;
}

export function isDay(value: string | null): value is string {
  return (
    value !== null && DAY_PATTERN.test(value) && !Number.isNaN(parseDay(value)) && formatDay(parseDay(value)) === value
  );
}

/** The first and last day of a preset, ending today. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, todayDay: string): { from: string; to: string } {
  switch (preset) {
    case '7d':
      return { from: addDays(todayDay, -6), to: todayDay };
    case '30d':
      return { from: addDays(todayDay, -29), to: todayDay };
    case '90d':
      return { from: addDays(todayDay, -89), to: todayDay };
    case 'month':
      return { from: `${todayDay.slice(0, 8)}01`, to: todayDay };
    case '12m': {
      const [year, month] = todayDay.split('-').map(Number);
      const start = new Date(Date.UTC(year, month - 1 - 11, 1));
      return { from: formatDay(start.getTime()), to: todayDay };
    }
  }
}

/** Why a custom range cannot be asked for (the API's own limits), or null. */
export function rangeProblem(from: string, to: string): string | null {
  if (!isDay(from) || !isDay(to)) {
    return 'Enter both dates.';
  }
  if (parseDay(from) > parseDay(to)) {
    return 'The first day must not be after the last day.';
  }
  if (daysIn(from, to) > REPORT_MAX_RANGE_DAYS) {
    return `A report covers at most ${REPORT_MAX_RANGE_DAYS} days.`;
  }
  return null;
}

/** The selection the URL asks for; what is missing or invalid falls back to the last 30 days by day. */
export function selectionFromParams(params: URLSearchParams, timeZone: string, now = Date.now()): ReportSelection {
  const groupParam = params.get('groupBy');
  const groupBy: ReportGrouping = REPORT_GROUPINGS.find((grouping) => grouping === groupParam) ?? 'day';
  const presetParam = params.get('range');
  const preset: RangePreset = RANGE_PRESETS.find((candidate) => candidate === presetParam) ?? '30d';
  const from = params.get('from');
  const to = params.get('to');
  if (preset === 'custom' && isDay(from) && isDay(to) && rangeProblem(from, to) === null) {
    return { preset, from, to, groupBy, timeZone };
  }
  const fixed = preset === 'custom' ? '30d' : preset;
  return { preset: fixed, ...presetRange(fixed, today(timeZone, now)), groupBy, timeZone };
}

/** The URL of a selection: a preset stays relative to the reader's today; custom dates are kept as they are. */
export function paramsOf(selection: Pick<ReportSelection, 'preset' | 'from' | 'to' | 'groupBy'>): URLSearchParams {
  const params = new URLSearchParams({ range: selection.preset });
  if (selection.preset === 'custom') {
    params.set('from', selection.from);
    params.set('to', selection.to);
  }
  params.set('groupBy', selection.groupBy);
  return params;
}

/** The API's query: `to` is exclusive, so the day after the last one. */
export function apiQuery(selection: ReportSelection): URLSearchParams {
  return new URLSearchParams({
    from: selection.from,
    to: addDays(selection.to, 1),
    groupBy: selection.groupBy,
    timeZone: selection.timeZone,
  });
}
