import { NO_DATA } from '../report-format';
import type { ReportCell, ReportTable } from '../report-table';

function Cell({ cell, header }: { cell: ReportCell; header: boolean }) {
  const className = cell.numeric ? 'data-table__number' : undefined;
  const content =
    cell.text === NO_DATA ? (
      <>
        <span aria-hidden="true">{NO_DATA}</span>
        <span className="visually-hidden">no data</span>
      </>
    ) : (
      cell.text
    );
  return header ? (
    <th scope="row" className={className}>
      {content}
    </th>
  ) : (
    <td className={className}>{content}</td>
  );
}

/** The figures under a chart; its first column names each row. */
export function ReportTableView({ table }: { table: ReportTable }) {
  return (
    <div className="report-table">
      <table className="data-table">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column, index) => (
              <th key={column} scope="col" className={index === 0 ? undefined : 'data-table__number'}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row[0].text}>
              {row.map((cell, index) => (
                <Cell key={table.columns[index]} cell={cell} header={index === 0} />
              ))}
            </tr>
          ))}
        </tbody>
        {table.totals === null ? null : (
          <tfoot>
            <tr>
              {table.totals.map((cell, index) => (
                <Cell key={table.columns[index]} cell={cell} header={index === 0} />
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
