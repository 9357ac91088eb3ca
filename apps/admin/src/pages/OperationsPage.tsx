import { AgentsOnline } from '../features/operations/components/AgentsOnline';
import { OpenConversations } from '../features/operations/components/OpenConversations';
import { WorkersPanel } from '../features/operations/components/WorkersPanel';
import { useOperationsLiveUpdates } from '../features/operations/hooks/useOperationsLiveUpdates';

export function OperationsPage() {
  useOperationsLiveUpdates();
  return (
    <div className="operations" aria-labelledby="page-title">
      <header className="operations__head">
        <h1 id="page-title">Live operations</h1>
        <p className="muted">What is happening now: updated every 5 seconds and as conversations move.</p>
      </header>
      <OpenConversations />
      <AgentsOnline />
      <WorkersPanel />
    </div>
  );
}
