// Placeholder until its feature lands (issue 14).
export function OperationsPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Live operations</h1>
      <p className="muted">What is happening now.</p>
    </div>
  );
}
