import type { ConversationDto, InboxView, MessageDto } from '@neodesk/contracts';
import { type InfiniteData, type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../auth/hooks/useSession';
import { conversationKeys } from '../../conversation/conversation-keys';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { notifyHandoff } from '../handoff-notifications';
import { highlightStore } from '../highlight-store';
import { inboxKeys } from '../inbox-keys';
import { type InboxFilters, type InboxPage, type InboxRow, belongsTo } from '../inbox-views';

type ListKey = readonly ['inbox', 'list', InboxView, InboxFilters];

/**
 * The one place where `/agent` events change the inbox's cache: a conversation moves to the top of every
 * view it belongs to and leaves the others; counts are fetched again. After a reconnect, everything is.
 */
export function useInboxLiveUpdates(): void {
  const queryClient = useQueryClient();
  const { socket, sessions } = useRealtime();
  const userId = useSession()?.user.id ?? '';
  const navigate = useNavigate();
  const countsTimer = useRef<number | undefined>(undefined);

  useEffect(() => {
    const refreshCounts = () => {
      window.clearTimeout(countsTimer.current);
      countsTimer.current = window.setTimeout(
        () => void queryClient.invalidateQueries({ queryKey: inboxKeys.counts }),
        300,
      );
    };
    const onMessage = ({ conversation, message }: { conversation: ConversationDto; message: MessageDto }) => {
      upsert(queryClient, userId, conversation, message);
      refreshCounts();
    };
    const onUpdated = (conversation: ConversationDto) => {
      upsert(queryClient, userId, conversation, undefined);
      queryClient.setQueryData(conversationKeys.detail(conversation.id), conversation);
      refreshCounts();
    };
    const onHandoff = (event: {
      conversation: ConversationDto;
      reason: Parameters<typeof notifyHandoff>[0]['reason'];
    }) => {
      upsert(queryClient, userId, event.conversation, undefined);
      queryClient.setQueryData(conversationKeys.detail(event.conversation.id), event.conversation);
      if (event.reason !== 'agent_takeover') {
        highlightStore.add(event.conversation.id);
        notifyHandoff(event, () => void navigate(`/inbox/waiting/${event.conversation.id}`));
      }
      refreshCounts();
    };
    socket.on('message:new', onMessage);
    socket.on('conversation:updated', onUpdated);
    socket.on('conversation:handoff', onHandoff);
    return () => {
      socket.off('message:new', onMessage);
      socket.off('conversation:updated', onUpdated);
      socket.off('conversation:handoff', onHandoff);
      window.clearTimeout(countsTimer.current);
    };
  }, [socket, queryClient, userId, navigate]);

  // Back from offline: what happened meanwhile is in the database, not in the events we missed.
  useEffect(() => {
    if (sessions > 1) {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    }
  }, [sessions, queryClient]);
}

/** Moves the conversation to the top of every cached view it belongs to, and out of the others. */
function upsert(
  queryClient: QueryClient,
  userId: string,
  conversation: ConversationDto,
  message: MessageDto | undefined,
): void {
  const lists = queryClient.getQueriesData<InfiniteData<InboxPage>>({ queryKey: inboxKeys.lists });
  let preview: MessageDto | null = message ?? null;
  if (preview === null) {
    for (const [, data] of lists) {
      const row = data?.pages
        .flatMap((page) => page.rows)
        .find((candidate) => candidate.conversation.id === conversation.id);
      if (row?.preview !== undefined && row.preview !== null) {
        preview = row.preview;
        break;
      }
    }
  }
  for (const [key, data] of lists) {
    if (data === undefined) {
      continue;
    }
    const [, , view, filters] = key as unknown as ListKey;
    const existing = data.pages.flatMap((page) => page.rows).find((row) => row.conversation.id === conversation.id);
    // Events can arrive out of order around a reconnect: never replace a newer state with an older one.
    if (existing !== undefined && existing.conversation.updatedAt > conversation.updatedAt) {
      continue;
    }
    const pages = data.pages.map((page) => ({
      ...page,
      rows: page.rows.filter((row) => row.conversation.id !== conversation.id),
    }));
    if (belongsTo(conversation, view, userId, filters) && pages.length > 0) {
      const row: InboxRow = { conversation, preview: preview ?? existing?.preview ?? null };
      pages[0] = { ...pages[0], rows: [row, ...pages[0].rows] };
    }
    queryClient.setQueryData<InfiniteData<InboxPage>>(key, { ...data, pages });
  }
}
