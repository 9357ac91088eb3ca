import { useTeammates } from '../../inbox/hooks/useTeammates';
import { useTeamPresence } from '../../presence/hooks/useTeamPresence';

/** Who has the dashboard open, online or away (in words, not only by colour), of the active teammates. */
export function AgentsOnline() {
  const presence = useTeamPresence();
  const teammates = useTeammates();
  const online = presence.filter((agent) => agent.status === 'online').length;
  const away = presence.length - online;
  const active = teammates.data?.filter((teammate) => teammate.isActive).length;
  return (
    <section className="card" aria-labelledby="agents-title">
      <h2 id="agents-title">Agents</h2>
      <p data-testid="agents-summary">
        <strong>{online} online</strong>, {away} away
        {active === undefined ? '' : `, of ${active} active ${active === 1 ? 'teammate' : 'teammates'}`}.
      </p>
      {presence.length === 0 ? (
        <p className="muted">Nobody has the dashboard open.</p>
      ) : (
        <ul className="live-agents" aria-label="Agents with the dashboard open">
          {presence.map((agent) => (
            <li key={agent.userId} className={`live-agent live-agent--${agent.status}`}>
              <span className="live-agent__dot" aria-hidden="true" />
              {agent.displayName}
              <span className="live-agent__status">{agent.status === 'online' ? 'online' : 'away'}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
