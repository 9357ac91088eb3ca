import { describe, expect, it } from '@jest/globals';
import { formatDuration, formatPercent } from './report-format';
import { apiQuery, daysIn, presetRange, rangeProblem, selectionFromParams, today } from './report-range';
import { csvField, figure, label, tableToCsv } from './report-table';

describe('report figures', () => {
  it('should write durations as a person reads them', () => {
    expect(
      [null, 400, 2000, 2600, 59_960, 60_000, 72_000, 552_000, 7_500_000, 172_860_000].map(formatDuration),
    ).toEqual([
      '—',
      '400 ms',
      '2 s',
      '2.6 s',
      '1 min 0 s',
      '1 min 0 s',
      '1 min 12 s',
      '9 min 12 s',
      '2 h 5 min',
      '2 d 0 h',
    ]);
  });

  it('should write rates as percentages with one decimal', () => {
    expect([null, 0, 1 / 3, 2 / 3, 1].map(formatPercent)).toEqual(['—', '0.0%', '33.3%', '66.7%', '100.0%']);
  });

  it('should quote CSV fields as RFC 4180 says and end lines with CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('O\'Brien, Pat "PJ"')).toBe('"O\'Brien, Pat ""PJ"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const csv = tableToCsv({
      caption: 'c',
      columns: ['Agent', 'Replies'],
      rows: [[label('A, B'), figure('1')]],
      totals: [label('Whole range'), figure('1')],
    });
    expect(csv).toBe('Agent,Replies\r\n"A, B",1\r\nWhole range,1\r\n');
  });
});

describe('report range', () => {
  const now = Date.parse('2026-11-30T23:30:00Z');

  it("should take today in the report's time zone", () => {
    expect(today('UTC', now)).toBe('2026-11-30');
    expect(today('Europe/Paris', now)).toBe('2026-12-01');
  });

  it('should end every preset today, the last 12 months from the first of a month', () => {
    expect(presetRange('7d', '2026-03-05')).toEqual({ from: '2026-02-27', to: '2026-03-05' });
    expect(presetRange('month', '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(presetRange('12m', '2026-03-05')).toEqual({ from: '2025-04-01', to: '2026-03-05' });
    const year = presetRange('12m', '2026-12-31');
    expect(daysIn(year.from, year.to)).toBeLessThanOrEqual(366);
  });

  it('should refuse the ranges the API refuses', () => {
    expect(rangeProblem('2026-03-02', '2026-03-01')).toBe('The first day must not be after the last day.');
    expect(rangeProblem('2025-01-01', '2026-01-02')).toBe('A report covers at most 366 days.');
    expect(rangeProblem('2028-01-01', '2028-12-31')).toBeNull();
    expect(rangeProblem('2026-02-30', '2026-03-01')).toBe('Enter both dates.');
  });

  it('should read the URL, falling back to the last 30 days by day, and ask the API for the day after the last', () => {
    const custom = selectionFromParams(
      new URLSearchParams('range=custom&from=2026-03-01&to=2026-03-15&groupBy=week'),
      'Europe/Paris',
      now,
    );
    expect(custom).toEqual({
      preset: 'custom',
      from: '2026-03-01',
      to: '2026-03-15',
      groupBy: 'week',
      timeZone: 'Europe/Paris',
    });
    expect(apiQuery(custom).toString()).toBe('from=2026-03-01&to=2026-03-16&groupBy=week&timeZone=Europe%2FParis');
    expect(selectionFromParams(new URLSearchParams('range=custom&from=bad&groupBy=year'), 'UTC', now)).toEqual({
      preset: '30d',
      from: '2026-11-01',
      to: '2026-11-30',
      groupBy: 'day',
      timeZone: 'UTC',
    });
  });
});
