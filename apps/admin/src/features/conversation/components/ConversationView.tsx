import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useSession } from '../../auth/hooks/useSession';
import { useGuardrailDecisions } from '../../guardrails/hooks/useGuardrailDecisions';
import { highlightStore } from '../../inbox/highlight-store';
import { STATUS_LABELS, customerName } from '../../inbox/inbox-views';
import { useKeyboardShortcuts } from '../../shortcuts/hooks/useKeyboardShortcuts';
import { useConversation } from '../hooks/useConversation';
import { type ConversationAction, useConversationActions } from '../hooks/useConversationActions';
import { useNotes } from '../hooks/useNotes';
import { useTranscript } from '../hooks/useTranscript';
import { useVisitorTyping } from '../hooks/useVisitorTyping';
import { Composer, type ComposerHandle } from './Composer';
import { ConversationActions } from './ConversationActions';
import { CustomerPanel } from './CustomerPanel';
import { Transcript } from './Transcript';

/** One conversation: transcript with the bot writing live, actions, composer, customer details. */
export function ConversationView({
  conversationId,
  backTo,
  focusSeq,
}: {
  conversationId: string;
  backTo: string;
  focusSeq: number | undefined;
}) {
  const userId = useSession()?.user.id ?? '';
  const conversation = useConversation(conversationId);
  const transcript = useTranscript(conversationId);
  const notes = useNotes(conversationId);
  const decisions = useGuardrailDecisions(conversationId);
  const actions = useConversationActions(conversationId);
  const visitorTyping = useVisitorTyping(conversationId);
  const composer = useRef<ComposerHandle>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Opened: no longer a handoff nobody has seen.
  useEffect(() => highlightStore.remove(conversationId), [conversationId]);
  // Move the focus to the conversation when another one is opened (keyboard and screen-reader users).
  useEffect(() => {
    if (conversation.data !== undefined && focusSeq === undefined) {
      heading.current?.focus();
    }
  }, [conversationId, conversation.data === undefined, focusSeq]);

  const act = (action: ConversationAction) => {
    if (!actions.isPending) {
      actions.mutate(action);
    }
  };
  const status = conversation.data?.status;
  useKeyboardShortcuts({
    t: () => (status === 'bot' || status === 'waiting_human') && act({ kind: 'takeover' }),
    e: () => status !== undefined && status !== 'resolved' && act({ kind: 'resolve' }),
    b: () => (status === 'human' || status === 'waiting_human') && act({ kind: 'handback' }),
    a: () =>
      status === 'human'
        ? act({ kind: 'assign', assigneeId: userId })
        : (status === 'bot' || status === 'waiting_human') && act({ kind: 'takeover' }),
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
  });

  if (conversation.isPending) {
    return (
      <section className="conversation conversation--state" aria-label="Conversation">
        <p role="status">
          <span className="spinner" aria-hidden="true" /> Loading the conversation…
        </p>
      </section>
    );
  }
  if (conversation.isError) {
    return (
      <section className="conversation conversation--state" aria-label="Conversation">
        <p role="alert">
          {conversation.error.message.includes('does not exist')
            ? 'This conversation does not exist in your workspace.'
            : `The conversation could not be loaded: ${conversation.error.message}`}
        </p>
        <Link to={backTo}>Back to the inbox</Link>
      </section>
    );
  }
  const data = conversation.data;
  const customer = customerName(data);
  return (
    <section className="conversation" aria-labelledby="conversation-title">
      <header className="conversation__header">
        <Link to={backTo} className="back-link">
          <span aria-hidden="true">←</span> Back
        </Link>
        <div className="conversation__who">
          <h2 id="conversation-title" tabIndex={-1} ref={heading}>
            {customer}
          </h2>
          <span className={`badge badge--${data.status}`}>{STATUS_LABELS[data.status]}</span>
        </div>
        <ConversationActions conversation={data} userId={userId} busy={actions.isPending} onAction={act} />
      </header>
      {actions.isError ? (
        <p className="banner banner--error" role="alert">
          {actions.error.message}
        </p>
      ) : null}
      <div className="conversation__body">
        <div className="conversation__main">
          {transcript.loading ? (
            <p className="transcript transcript--state" role="status">
              <span className="spinner" aria-hidden="true" /> Loading messages…
            </p>
          ) : transcript.error !== null ? (
            <p className="transcript transcript--state" role="alert">
              The messages could not be loaded: {transcript.error}
            </p>
          ) : (
            <Transcript
              messages={transcript.messages}
              notes={notes.data ?? []}
              decisions={decisions.data ?? []}
              streaming={transcript.streaming}
              customer={customer}
              focusSeq={focusSeq}
              visitorTyping={visitorTyping}
              onTakeOver={() => act({ kind: 'takeover' })}
              takingOver={actions.isPending}
            />
          )}
          <Composer ref={composer} conversationId={conversationId} onSent={transcript.add} />
        </div>
        <CustomerPanel conversation={data} busy={actions.isPending} onAction={act} />
      </div>
    </section>
  );
}
