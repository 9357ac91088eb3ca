import type { ConversationDto } from '@neodesk/contracts';
import { dateTime } from '../../../shared/format';
import { useTeammates } from '../../inbox/hooks/useTeammates';
import type { ConversationAction } from '../hooks/useConversationActions';
import { useSatisfaction } from '../hooks/useSatisfaction';
import { LabelsEditor } from './LabelsEditor';

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Who the customer is, who owns the conversation, its labels and the customer's satisfaction. */
export function CustomerPanel({
  conversation,
  busy,
  onAction,
}: {
  conversation: ConversationDto;
  busy: boolean;
  onAction: (action: ConversationAction) => void;
}) {
  const teammates = useTeammates();
  const satisfaction = useSatisfaction(conversation.id, conversation.status === 'resolved');
  const customer = conversation.customer ?? {};
  const pageUrl = text(conversation.metadata.pageUrl) ?? text(conversation.metadata.url);
  const verified = customer.verified === true;
  return (
    <aside className="details" aria-label="Customer details">
      <h3 className="details__title">Customer</h3>
      <dl className="details__list">
        <div>
          <dt>Name</dt>
          <dd>{text(customer.name) ?? <span className="muted">Not given</span>}</dd>
        </div>
        <div>
          <dt>E-mail</dt>
          <dd>
            {text(customer.email) ?? <span className="muted">Not given</span>}
            {text(customer.email) !== null ? (
              <span className={verified ? 'badge badge--verified' : 'badge badge--unverified'}>
                {verified ? 'Verified' : 'Not verified'}
              </span>
            ) : null}
          </dd>
        </div>
        {pageUrl !== null ? (
          <div>
            <dt>Page</dt>
            <dd className="details__url">{pageUrl}</dd>
          </div>
        ) : null}
        <div>
          <dt>First seen</dt>
          <dd>{dateTime(conversation.createdAt)}</dd>
        </div>
        <div>
          <dt>Channel</dt>
          <dd>{conversation.channel}</dd>
        </div>
      </dl>
      <h3 className="details__title">Assignee</h3>
      <label className="visually-hidden" htmlFor="assignee-select">
        Assignee
      </label>
      <select
        id="assignee-select"
        className="input"
        value={conversation.assignedAgentId ?? ''}
        disabled={busy || teammates.isPending}
        onChange={(event) => {
          const assigneeId = event.target.value === '' ? null : event.target.value;
          // The bot's conversations have no assignee: giving one to an agent takes it over for them.
          onAction(
            assigneeId !== null && conversation.status === 'bot'
              ? { kind: 'handTo', assigneeId }
              : { kind: 'assign', assigneeId },
          );
        }}
      >
        <option value="" disabled={conversation.status === 'human'}>
          Nobody
        </option>
        {(teammates.data ?? [])
          .filter((teammate) => teammate.isActive || teammate.id === conversation.assignedAgentId)
          .map((teammate) => (
            <option key={teammate.id} value={teammate.id}>
              {teammate.displayName}
            </option>
          ))}
      </select>
      <h3 className="details__title">Labels</h3>
      <LabelsEditor
        labels={conversation.labels}
        busy={busy}
        onChange={(labels) => onAction({ kind: 'labels', labels })}
      />
      {conversation.status === 'resolved' ? (
        <>
          <h3 className="details__title">Satisfaction</h3>
          {satisfaction.isPending ? (
            <p className="muted">Loading…</p>
          ) : satisfaction.data === null || satisfaction.data === undefined ? (
            <p className="muted">The customer has not answered.</p>
          ) : (
            <p>
              <span className="score">{satisfaction.data.score} / 5</span>
              {satisfaction.data.comment !== null ? (
                <q className="details__comment">{satisfaction.data.comment}</q>
              ) : null}
            </p>
          )}
        </>
      ) : null}
    </aside>
  );
}
