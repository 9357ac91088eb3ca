import { useSession } from '../../auth/hooks/useSession';
import { useTeamPresence } from '../hooks/useTeamPresence';

/** Colleagues with the dashboard open, online or away (in words, not only by colour). */
export function TeamPresence() {
  const me = useSession()?.user.id;
  const others = useTeamPresence().filter((agent) => agent.userId !== me);
  return (
    <section className="team" aria-labelledby="team-title">
      <h2 id="team-title" className="team__title">
        Team
      </h2>
      {others.length === 0 ? (
        <p className="team__empty">Nobody else right now.</p>
      ) : (
        <ul className="team__list">
          {others.map((agent) => (
            <li key={agent.userId} className={`team__member team__member--${agent.status}`}>
              <span className="team__dot" aria-hidden="true" />
              <span className="team__name">{agent.displayName}</span>
              <span className="team__status">{agent.status === 'online' ? 'online' : 'away'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
