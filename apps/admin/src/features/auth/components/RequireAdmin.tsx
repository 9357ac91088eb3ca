import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useSession } from '../hooks/useSession';

/** Admin-only pages: an agent who opens one by its address sees why, and none of the page. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session?.user.role !== 'admin') {
    return (
      <div className="page-message" aria-labelledby="admins-only-title">
        <h1 id="admins-only-title">Admins only</h1>
        <p>This page is for the workspace&apos;s admins. Ask one of them if you need a change here.</p>
        <Link to="/inbox/mine">Back to the inbox</Link>
      </div>
    );
  }
  return <>{children}</>;
}
