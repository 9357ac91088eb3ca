import { UsersManager } from '../features/users/components/UsersManager';

export function UsersPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">Users and roles</h1>
      <p className="muted">Who can sign in to this workspace: agents answer conversations, admins also manage it.</p>
      <UsersManager />
    </div>
  );
}
