// Placeholder until its feature lands (issue 14).
export function ReportsPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Reports</h1>
      <p className="muted">How the bot and the team are doing.</p>
    </div>
  );
}
