import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <div className="page-message" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link to="/inbox/mine">Back to the inbox</Link>
    </div>
  );
}
