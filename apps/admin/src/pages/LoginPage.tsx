import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LoginForm } from '../features/auth/components/LoginForm';
import { useSession } from '../features/auth/hooks/useSession';

/** Only paths inside the dashboard: `next` must not send anyone to another site. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/inbox/mine';
}

export function LoginPage() {
  const session = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  if (session !== null) {
    return <Navigate to={next} replace />;
  }
  return (
    <main className="login">
      <div className="login__card">
        <h1 className="login__title">
          <img src="/admin/favicon.svg" alt="" width="32" height="32" /> Neodesk
        </h1>
        <p className="muted">Sign in to the agent dashboard.</p>
        <LoginForm onSignedIn={() => void navigate(next, { replace: true })} />
      </div>
    </main>
  );
}
