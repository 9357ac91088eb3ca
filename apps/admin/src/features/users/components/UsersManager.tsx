import type { UserDto } from '@neodesk/contracts';
import { useState } from 'react';
import { SecretOnce } from '../../../shared/components/SecretOnce';
import { useSession } from '../../auth/hooks/useSession';
import { generatePassword } from '../generate-password';
import { useUserMutations, useUsers } from '../hooks/useUsers';
import { InviteUserForm } from './InviteUserForm';
import { UserList } from './UserList';

const HAND_OVER =
  'Hand it over in person or through a password manager, not in the same message as their e-mail address.';

/** Admins add users (password generated here, shown once), change roles, deactivate, reset and remove them. */
export function UsersManager() {
  const session = useSession();
  const users = useUsers();
  const { create, update, remove } = useUserMutations();
  const [password, setPassword] = useState<{ title: string; secret: string; where: 'new' | 'list' } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const act = (user: UserDto, kind: 'role' | 'active' | 'password', active?: boolean) => {
    setNotice(null);
    setFailure(null);
    const secret = kind === 'password' ? generatePassword() : null;
    const changes =
      kind === 'role'
        ? { role: user.role === 'admin' ? ('agent' as const) : ('admin' as const) }
        : kind === 'active'
          ? { isActive: active === true }
          : { password: secret ?? '' };
    update.mutate(
      { user, changes },
      {
        onSuccess: (saved) => {
          if (secret !== null) {
            setPassword({ title: `New password of ${saved.displayName}`, secret, where: 'list' });
          } else if (kind === 'role') {
            setNotice(`${saved.displayName} is now ${saved.role === 'admin' ? 'an admin' : 'an agent'}.`);
          } else {
            setNotice(
              saved.isActive
                ? `${saved.displayName} is active again and can sign in.`
                : `${saved.displayName} is deactivated: signed out, and cannot sign in.`,
            );
          }
        },
        onError: (error) => setFailure(`${user.displayName} was not changed. ${error.message}`),
      },
    );
  };

  return (
    <div className="access-stack">
      <section aria-labelledby="invite-title" className="card">
        <h2 id="invite-title">Add a user</h2>
        {password !== null && password.where === 'new' ? (
          <SecretOnce
            title={password.title}
            secret={password.secret}
            note={HAND_OVER}
            onDone={() => setPassword(null)}
          />
        ) : null}
        <InviteUserForm
          key={formKey}
          busy={create.isPending}
          error={create.error}
          onSubmit={(value) => {
            const secret = generatePassword();
            create.mutate(
              { ...value, password: secret },
              {
                onSuccess: (user) => {
                  setPassword({ title: `Password of ${user.displayName} (${user.email})`, secret, where: 'new' });
                  setFormKey((current) => current + 1);
                  create.reset();
                },
              },
            );
          }}
        />
      </section>
      <section aria-labelledby="user-list-title" className="card">
        <h2 id="user-list-title">Users</h2>
        {password !== null && password.where === 'list' ? (
          <SecretOnce
            title={password.title}
            secret={password.secret}
            note={HAND_OVER}
            onDone={() => setPassword(null)}
          />
        ) : null}
        {failure !== null ? (
          <p className="banner banner--error" role="alert">
            {failure}
          </p>
        ) : null}
        <p className={notice === null ? 'visually-hidden' : 'banner banner--success'} role="status">
          {notice ?? ''}
        </p>
        {users.isPending ? (
          <p role="status">Loading…</p>
        ) : users.isError ? (
          <p role="alert">The users could not be loaded: {users.error.message}</p>
        ) : (
          <UserList
            users={users.data}
            currentUserId={session?.user.id ?? null}
            busy={update.isPending || remove.isPending}
            onChangeRole={(user) => act(user, 'role')}
            onSetActive={(user, active) => act(user, 'active', active)}
            onResetPassword={(user) => act(user, 'password')}
            onRemove={(user) => {
              setNotice(null);
              setFailure(null);
              remove.mutate(user, {
                onSuccess: (removed) =>
                  setNotice(
                    removed.outcome === 'deleted'
                      ? `${user.displayName} was deleted.`
                      : `${user.displayName} is named on conversations, so the account was deactivated instead of deleted.`,
                  ),
                onError: (error) => setFailure(`${user.displayName} was not removed. ${error.message}`),
              });
            }}
          />
        )}
      </section>
    </div>
  );
}
