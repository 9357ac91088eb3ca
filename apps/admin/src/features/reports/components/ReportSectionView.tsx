import type { ReportSelection } from '../report-range';
import type { ReportSection } from '../report-sections';
import { csvFilename, downloadCsv } from '../report-table';
import { ReportChart } from './ReportChart';
import { ReportTableView } from './ReportTableView';

/** A chart with its heading, definition, figures for the whole range, its table and the table as CSV. */
export function ReportSectionView({
  section,
  selection,
  updating,
}: {
  section: ReportSection;
  selection: ReportSelection;
  /** The figures are still the previous selection's: no file named after the new one. */
  updating: boolean;
}) {
  const titleId = `report-${section.id}-title`;
  const descriptionId = `report-${section.id}-description`;
  return (
    <section className="card report-section" aria-labelledby={titleId} data-report={section.id}>
      <header className="report-section__head">
        <h2 id={titleId}>{section.title}</h2>
        <p className="muted report-section__definition">{section.definition}</p>
      </header>
      <dl className="report-figures">
        {section.summary.map((item) => (
          <div key={item.label} className="report-figures__item">
            <dt>{item.label}</dt>
            <dd>{item.value}</dd>
          </div>
        ))}
      </dl>
      <ReportChart spec={section.chart} label={`Chart: ${section.title}`} descriptionId={descriptionId} />
      <p id={descriptionId} className="visually-hidden">
        {section.description}
      </p>
      <ReportTableView table={section.table} />
      <div className="report-section__actions">
        <button
          type="button"
          className="button button--small"
          disabled={updating}
          onClick={() =>
            downloadCsv(section.table, csvFilename(section.csvName, selection.from, selection.to, selection.groupBy))
          }
        >
          Download CSV<span className="visually-hidden"> of {section.title}</span>
        </button>
      </div>
    </section>
  );
}
