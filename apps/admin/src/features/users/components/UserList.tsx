import type { UserDto } from '@neodesk/contracts';
import { InlineConfirm } from '../../../shared/components/InlineConfirm';

/** The day a user was added: the time of day says nothing here. */
function day(iso: string): string {
  return new Date(iso).toLocaleDateString([], { dateStyle: 'medium' });
}

/** The workspace's users with what an admin can do to each; the last active admin keeps their role and access. */
export function UserList({
  users,
  currentUserId,
  busy,
  onChangeRole,
  onSetActive,
  onResetPassword,
  onRemove,
}: {
  users: UserDto[];
  currentUserId: string | null;
  busy: boolean;
  onChangeRole: (user: UserDto) => void;
  onSetActive: (user: UserDto, active: boolean) => void;
  onResetPassword: (user: UserDto) => void;
  onRemove: (user: UserDto) => void;
}) {
  const activeAdmins = users.filter((user) => user.role === 'admin' && user.isActive).length;
  return (
    <div className="access-scroll">
      <table className="data-table users-table">
        <thead>
          <tr>
            <th scope="col">Name and e-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const you = user.id === currentUserId;
            const lastAdmin = user.role === 'admin' && user.isActive && activeAdmins <= 1;
            const noteId = `user-${user.id}-last-admin`;
            const who = you ? 'your own account' : user.displayName;
            return (
              <tr key={user.id} data-user-id={user.id} className={user.isActive ? undefined : 'access-row--gone'}>
                <th scope="row" className="access-name">
                  {user.displayName}
                  {you ? <span className="users-table__you"> (you)</span> : null}
                  <span className="users-table__email">{user.email}</span>
                </th>
                <td>{user.role === 'admin' ? 'Admin' : 'Agent'}</td>
                <td>
                  <span className={`badge ${user.isActive ? 'badge--status-active' : 'badge--status-revoked'}`}>
                    {user.isActive ? 'Active' : 'Deactivated'}
                  </span>
                </td>
                <td>{day(user.createdAt)}</td>
                <td className="access-cell-actions">
                  <div className="access-actions">
                    <button
                      type="button"
                      className="button button--small"
                      disabled={busy || (lastAdmin && user.role === 'admin')}
                      aria-describedby={lastAdmin ? noteId : undefined}
                      onClick={() => onChangeRole(user)}
                    >
                      {user.role === 'admin' ? 'Make agent' : 'Make admin'}
                      <span className="visually-hidden"> {user.displayName}</span>
                    </button>
                    <InlineConfirm
                      label={
                        <>
                          Reset password<span className="visually-hidden"> of {user.displayName}</span>
                        </>
                      }
                      question={`Give ${who} a new password? ${you ? 'You' : 'They'} will be signed out everywhere.`}
                      confirmLabel="Reset"
                      tone="normal"
                      busy={busy}
                      onConfirm={() => onResetPassword(user)}
                    />
                    {user.isActive ? (
                      <InlineConfirm
                        label={
                          <>
                            Deactivate<span className="visually-hidden"> {user.displayName}</span>
                          </>
                        }
                        question={`Deactivate ${who}? ${you ? 'You' : 'They'} will be signed out and cannot sign in.`}
                        confirmLabel="Deactivate"
                        busy={busy}
                        disabled={lastAdmin}
                        describedBy={lastAdmin ? noteId : undefined}
                        onConfirm={() => onSetActive(user, false)}
                      />
                    ) : (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={busy}
                        onClick={() => onSetActive(user, true)}
                      >
                        Reactivate<span className="visually-hidden"> {user.displayName}</span>
                      </button>
                    )}
                    <InlineConfirm
                      label={
                        <>
                          Remove<span className="visually-hidden"> {user.displayName}</span>
                        </>
                      }
                      question={`Remove ${who}? Someone named on conversations is deactivated instead.`}
                      confirmLabel="Remove"
                      busy={busy}
                      disabled={lastAdmin}
                      describedBy={lastAdmin ? noteId : undefined}
                      onConfirm={() => onRemove(user)}
                    />
                  </div>
                  {lastAdmin ? (
                    <p id={noteId} className="access-note">
                      The last active admin: make someone else admin before changing this account.
                    </p>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
