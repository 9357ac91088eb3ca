// Placeholder until its feature lands (issue 14).
export function WidgetSettingsPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Chat widget</h1>
      <p className="muted">How the widget looks on your site.</p>
    </div>
  );
}
