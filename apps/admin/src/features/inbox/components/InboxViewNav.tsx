import { INBOX_VIEWS, type InboxCountsDto, type InboxView } from '@neodesk/contracts';
import { NavLink } from 'react-router';
import { TeamPresence } from '../../presence/components/TeamPresence';
import { VIEW_LABELS } from '../inbox-views';

/** The views with their counts; the current one is marked for screen readers too (aria-current). */
export function InboxViewNav({ counts }: { counts: InboxCountsDto | undefined }) {
  return (
    <div className="view-nav">
      <nav aria-label="Inbox views">
        <ul className="view-nav__list">
          {INBOX_VIEWS.map((view: InboxView) => (
            <li key={view}>
              <NavLink to={`/inbox/${view}`} className="view-nav__link">
                <span>{VIEW_LABELS[view]}</span>
                <span className={view === 'waiting' && (counts?.waiting ?? 0) > 0 ? 'count count--alert' : 'count'}>
                  {counts === undefined ? '–' : counts[view]}
                </span>
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <TeamPresence />
    </div>
  );
}
