// Placeholder until its feature lands (issue 14).
export function BotSettingsPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Bot</h1>
      <p className="muted">How the bot speaks and samples.</p>
    </div>
  );
}
