// Placeholder until its feature lands (issue 14).
export function ApiKeysPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">API keys</h1>
      <p className="muted">Keys for your helpdesk, CRM and scripts.</p>
    </div>
  );
}
