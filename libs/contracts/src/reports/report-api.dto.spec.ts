import { isTimeZone, reportInstant, reportQuerySchema } from './report-api.dto';

describe('report query', () => {
  it('should accept IANA names and refuse offsets, abbreviations and unknown zones', () => {
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('+01:00')).toBe(false);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('should read a day as its midnight in the time zone, and an instant as it is', () => {
    expect(reportInstant('2026-03-01', 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(reportInstant('2026-01-15', 'Europe/Paris').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    // Either side of the spring change (02:00 -> 03:00 on 29 March).
    expect(reportInstant('2026-03-29', 'Europe/Paris').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(reportInstant('2026-03-30', 'Europe/Paris').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(reportInstant('2026-07-01', 'America/New_York').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(reportInstant('2026-03-01', 'Asia/Kolkata').toISOString()).toBe('2026-02-28T18:30:00.000Z');
    // Midnight itself was skipped in São Paulo on 4 November 2018: the day began at 01:00 (-02:00).
    expect(reportInstant('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(reportInstant('2026-03-01T10:00:00+02:00', 'Europe/Paris').toISOString()).toBe('2026-03-01T08:00:00.000Z');
  });

  it('should default to days in UTC and measure the range in the time zone', () => {
    expect(reportQuerySchema.parse({ from: '2026-03-01', to: '2026-04-01' })).toEqual({
      from: '2026-03-01',
      to: '2026-04-01',
      groupBy: 'day',
      timeZone: 'UTC',
    });
    // 366 days, a whole leap year.
    expect(reportQuerySchema.safeParse({ from: '2028-01-01', to: '2029-01-01' }).success).toBe(true);
    expect(reportQuerySchema.safeParse({ from: '2028-01-01', to: '2029-01-02' }).success).toBe(false);
  });
});
