// Zod-free, so the admin app's range pickers can use the same limits as the API.
export const REPORT_GROUPINGS = ['day', 'week', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** The longest range a report covers: a year, leap day included. */
export const REPORT_MAX_RANGE_DAYS = 366;
