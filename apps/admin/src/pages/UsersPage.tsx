// Placeholder until its feature lands (issue 14).
export function UsersPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Users and roles</h1>
      <p className="muted">Who can sign in to this workspace.</p>
    </div>
  );
}
