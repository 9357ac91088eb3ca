import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../shared/api/api-error';
import { login } from '../auth-api';

/** E-mail and password; calls `onSignedIn` once the session is stored. */
export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
      onSignedIn();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 401
          ? 'That e-mail and password do not match an active account.'
          : caught instanceof ApiError && caught.status === 429
            ? 'Too many attempts. Wait a minute and try again.'
            : caught instanceof Error
              ? caught.message
              : 'Signing in failed.',
      );
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={(event) => void submit(event)} aria-describedby="login-error">
      <label className="field">
        <span className="field__label">E-mail</span>
        <input
          className="input"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field__label">Password</span>
        <input
          className="input"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <p id="login-error" className="form-error" role="alert">
        {error}
      </p>
      <button className="button button--primary button--block" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
