import { CannedRepliesManager } from '../features/canned-replies/components/CannedRepliesManager';

export function CannedRepliesPage() {
  return (
    <div className="settings" aria-labelledby="canned-title">
      <h1 id="canned-title">Canned replies</h1>
      <p className="muted">Saved answers every agent of the workspace inserts with /shortcut in the composer.</p>
      <CannedRepliesManager />
    </div>
  );
}
