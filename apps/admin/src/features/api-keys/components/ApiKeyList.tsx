import type { ApiKeyDto } from '@neodesk/contracts';
import { InlineConfirm } from '../../../shared/components/InlineConfirm';
import { dateTime } from '../../../shared/format';
import { useNow } from '../../../shared/hooks/useNow';
import { apiKeyStatus } from '../api-keys-api';

const STATUS_LABELS = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** The workspace's keys, newest first; active and expired ones can be revoked (after a confirmation). */
export function ApiKeyList({
  keys,
  revoking,
  onRevoke,
}: {
  keys: ApiKeyDto[];
  revoking: boolean;
  onRevoke: (key: ApiKeyDto) => void;
}) {
  const now = useNow();
  if (keys.length === 0) {
    return <p className="muted">No keys yet. Create one for each system that calls the API.</p>;
  }
  return (
    <div className="access-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = apiKeyStatus(key, now);
            return (
              <tr key={key.id} className={status === 'revoked' ? 'access-row--gone' : undefined}>
                <th scope="row" className="access-name">
                  {key.name}
                </th>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>{key.scopes.join(', ')}</td>
                <td>{dateTime(key.createdAt)}</td>
                <td>{key.lastUsedAt === null ? <span className="muted">Never</span> : dateTime(key.lastUsedAt)}</td>
                <td>{key.expiresAt === null ? <span className="muted">Never</span> : dateTime(key.expiresAt)}</td>
                <td>
                  <span className={`badge badge--status-${status}`}>{STATUS_LABELS[status]}</span>
                  {key.revokedAt !== null ? <span className="access-note">{dateTime(key.revokedAt)}</span> : null}
                </td>
                <td className="access-cell-actions">
                  {status === 'revoked' ? null : (
                    <InlineConfirm
                      label={
                        <>
                          Revoke<span className="visually-hidden"> {key.name}</span>
                        </>
                      }
                      question={`Revoke “${key.name}”? Calls with it fail at once.`}
                      confirmLabel="Revoke"
                      busy={revoking}
                      onConfirm={() => onRevoke(key)}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
