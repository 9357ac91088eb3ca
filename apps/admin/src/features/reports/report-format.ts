/** How report figures read in the tables, the summaries and the CSV files (the same text everywhere). */

export const NO_DATA = '—';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A fraction from 0 to 1 as a percentage with one decimal ("36.4%"); null as no data. */
export function formatPercent(value: number | null): string {
  return value === null ? NO_DATA : `${oneDecimal.format(value * 100)}%`;
}

export function formatDecimal(value: number | null): string {
  return value === null ? NO_DATA : oneDecimal.format(value);
}

/**
 * A duration a person reads at a glance: "680 ms", "4.1 s", "1 min 12 s", "2 h 5 min", "3 d 4 h".
 * Seconds are rounded below an hour, minutes below a day, hours above.
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) {
    return NO_DATA;
  }
  if (ms < 1000) {
    return `${Math.round(ms)} ms`;
  }
  if (ms < 60_000) {
    const seconds = Math.round(ms / 100) / 10;
    return seconds === 60 ? '1 min 0 s' : `${oneDecimal.format(seconds).replace(/\.0$/, '')} s`;
  }
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  }
  const totalMinutes = Math.round(ms / 60_000);
  if (totalMinutes < 24 * 60) {
    return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
  }
  const totalHours = Math.round(ms / 3_600_000);
  return `${Math.floor(totalHours / 24)} d ${totalHours % 24} h`;
}

/** A period's label in the tables: its first day, or the month for monthly reports. */
export function formatPeriod(period: string, groupBy: 'day' | 'week' | 'month'): string {
  return groupBy === 'month' ? period.slice(0, 7) : period;
}

export const PERIOD_HEADINGS = { day: 'Day', week: 'Week starting', month: 'Month' } as const;
