// Placeholder until its feature lands (issue 14).
export function WebhooksPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Webhooks</h1>
      <p className="muted">Events sent to your systems.</p>
    </div>
  );
}
