import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { logout } from '../features/auth/auth-api';
import { useSession } from '../features/auth/hooks/useSession';
import { NotificationPrompt } from '../features/inbox/components/NotificationPrompt';
import { useInboxCounts } from '../features/inbox/hooks/useInboxCounts';
import { useInboxLiveUpdates } from '../features/inbox/hooks/useInboxLiveUpdates';
import { useWaitingTitle } from '../features/inbox/hooks/useWaitingTitle';
import { MyStatusToggle } from '../features/presence/components/MyStatusToggle';
import { usePresenceSync } from '../features/presence/hooks/usePresenceSync';
import { ConnectionBanner } from '../features/realtime/components/ConnectionBanner';
import { ShortcutsDialog } from '../features/shortcuts/components/ShortcutsDialog';
import { useKeyboardShortcuts } from '../features/shortcuts/hooks/useKeyboardShortcuts';
import { ThemeToggle } from '../shared/components/ThemeToggle';

/** The signed-in frame: header, live connection state, the page. Live inbox updates run here, for every page. */
export function AppLayout() {
  const session = useSession();
  const navigate = useNavigate();
  const counts = useInboxCounts();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useInboxLiveUpdates();
  usePresenceSync();
  useWaitingTitle(counts.data?.waiting);
  useKeyboardShortcuts({ '?': () => setShortcutsOpen(true) });
  const isAdmin = session?.user.role === 'admin';
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app__header">
        <span className="brand">
          <img src="/admin/favicon.svg" alt="" width="24" height="24" />
          Neodesk
        </span>
        <nav aria-label="Main" className="main-nav">
          <NavLink to="/inbox/mine" className="main-nav__link">
            Inbox
          </NavLink>
          {isAdmin ? (
            <>
              <NavLink to="/operations" className="main-nav__link">
                Live
              </NavLink>
              <NavLink to="/reports" className="main-nav__link">
                Reports
              </NavLink>
              <NavLink to="/settings" className="main-nav__link">
                Settings
              </NavLink>
            </>
          ) : null}
        </nav>
        <div className="app__tools">
          <MyStatusToggle />
          <NotificationPrompt />
          <ThemeToggle />
          <button
            type="button"
            className="button button--quiet"
            aria-label="Keyboard shortcuts"
            onClick={() => setShortcutsOpen(true)}
          >
            ?
          </button>
          <span className="user" title={session?.user.email}>
            {session?.user.displayName}
            <span className="user__role">{isAdmin ? 'Admin' : 'Agent'}</span>
          </span>
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              logout();
              void navigate('/login', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <ConnectionBanner />
      <main id="main" className="app__main">
        <Outlet />
      </main>
      <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
}
