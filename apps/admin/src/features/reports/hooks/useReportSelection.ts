import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type ReportSelection, browserTimeZone, paramsOf, selectionFromParams } from '../report-range';

/** The report's range and grouping, kept in the URL so a report can be shared and reloaded. */
export function useReportSelection(): [ReportSelection, (next: Omit<ReportSelection, 'timeZone'>) => void] {
  const [params, setParams] = useSearchParams();
  const timeZone = useMemo(browserTimeZone, []);
  const selection = useMemo(() => selectionFromParams(params, timeZone), [params, timeZone]);
  return [selection, (next) => setParams(paramsOf(next))];
}
