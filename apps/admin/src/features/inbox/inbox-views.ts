import type { ConversationDto, InboxView, MessageDto } from '@neodesk/contracts';

export const VIEW_LABELS: Record<InboxView, string> = {
  mine: 'Mine',
  unassigned: 'Unassigned',
  waiting: 'Waiting for a person',
  bot: 'With the bot',
  resolved: 'Resolved',
  all: 'All',
};

/** Filters an agent sets on top of a view. */
export interface InboxFilters {
  label: string;
  assignee: string;
  /** `YYYY-MM-DD`: conversations with activity on or after that day. */
  since: string;
}

export const NO_FILTERS: InboxFilters = { label: '', assignee: '', since: '' };

/** A row of the inbox: the conversation and its newest message. */
export interface InboxRow {
  conversation: ConversationDto;
  preview: MessageDto | null;
}

export interface InboxPage {
  rows: InboxRow[];
  nextCursor: string | null;
}

/** The `GET /api/v1/conversations` query of a view, newest activity first. */
export function viewQuery(view: InboxView, userId: string, filters: InboxFilters): URLSearchParams {
  const params = new URLSearchParams({ sort: 'updatedAt', limit: '25' });
  switch (view) {
    case 'mine':
      params.set('status', 'waiting_human,human');
      params.set('assignee', userId);
      break;
    case 'unassigned':
      params.set('status', 'bot,waiting_human,human');
      params.set('assignee', 'none');
      break;
    case 'waiting':
      params.set('status', 'waiting_human');
      break;
    case 'bot':
      params.set('status', 'bot');
      break;
    case 'resolved':
      params.set('status', 'resolved');
      break;
    case 'all':
      break;
  }
  if (filters.label !== '') {
    params.set('label', filters.label);
  }
  if (filters.assignee !== '' && view !== 'mine' && view !== 'unassigned') {
    params.set('assignee', filters.assignee);
  }
  if (filters.since !== '') {
    params.set('updatedFrom', new Date(`${filters.since}T00:00:00`).toISOString());
  }
  return params;
}

/** Whether a conversation belongs in a view with filters: where a live event puts it, or takes it away. */
export function belongsTo(
  conversation: ConversationDto,
  view: InboxView,
  userId: string,
  filters: InboxFilters,
): boolean {
  const open = conversation.status !== 'resolved';
  const inView: Record<InboxView, boolean> = {
    mine:
      (conversation.status === 'waiting_human' || conversation.status === 'human') &&
      conversation.assignedAgentId === userId,
    unassigned: open && conversation.assignedAgentId === null,
    waiting: conversation.status === 'waiting_human',
    bot: conversation.status === 'bot',
    resolved: conversation.status === 'resolved',
    all: true,
  };
  if (!inView[view]) {
    return false;
  }
  if (filters.label !== '' && !conversation.labels.includes(filters.label)) {
    return false;
  }
  if (
    filters.assignee !== '' &&
    view !== 'mine' &&
    view !== 'unassigned' &&
    conversation.assignedAgentId !== filters.assignee
  ) {
    return false;
  }
  return filters.since === '' || new Date(conversation.updatedAt) >= new Date(`${filters.since}T00:00:00`);
}

/** How people see a customer: their name, else their e-mail, else a short visitor id. */
export function customerName(conversation: ConversationDto): string {
  const name = typeof conversation.customer?.name === 'string' ? conversation.customer.name.trim() : '';
  const email = typeof conversation.customer?.email === 'string' ? conversation.customer.email.trim() : '';
  return name !== '' ? name : email !== '' ? email : `Visitor ${conversation.visitorId.slice(0, 8)}`;
}

export const STATUS_LABELS: Record<ConversationDto['status'], string> = {
  bot: 'With the bot',
  waiting_human: 'Waiting for a person',
  human: 'With a person',
  resolved: 'Resolved',
};
