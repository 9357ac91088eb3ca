import { ApiKeysManager } from '../features/api-keys/components/ApiKeysManager';

export function ApiKeysPage() {
  return (
    <div className="settings" aria-labelledby="page-title">
      <h1 id="page-title">API keys</h1>
      <p className="muted">
        Keys for your helpdesk, CRM and scripts to call the REST API. Give each system its own key with the narrowest
        scope it needs, so one can be revoked without stopping the others.
      </p>
      <ApiKeysManager />
    </div>
  );
}
