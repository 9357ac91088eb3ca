import { ReportsView } from '../features/reports/components/ReportsView';

export function ReportsPage() {
  return (
    <div className="reports" aria-labelledby="page-title">
      <header className="reports__head">
        <h1 id="page-title">Reports</h1>
        <p className="muted">How the bot and the team are doing: each figure defined under its heading.</p>
      </header>
      <ReportsView />
    </div>
  );
}
