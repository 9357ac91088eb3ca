import type { ConversationDto } from '@neodesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, jsonBody } from '../../../shared/api/api-client';
import { useSession } from '../../auth/hooks/useSession';
import { request } from '../../realtime/agent-socket';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { conversationKeys } from '../conversation-keys';

export type ConversationAction =
  | { kind: 'takeover' }
  | { kind: 'resolve' }
  | { kind: 'handback' }
  | { kind: 'reopen' }
  | { kind: 'assign'; assigneeId: string | null }
  /** Give a conversation the bot has (or the queue) to an agent: it becomes theirs, the bot stops. */
  | { kind: 'handTo'; assigneeId: string }
  | { kind: 'labels'; labels: string[] };

/**
 * Take over, resolve and hand back go through the agent socket (a reply in flight is cancelled before the
 * ack); assignment, labels and reopen through `PATCH /api/v1/conversations/:id`.
 */
export function useConversationActions(conversationId: string) {
  const queryClient = useQueryClient();
  const { socket } = useRealtime();
  const userId = useSession()?.user.id ?? null;
  return useMutation({
    mutationFn: async (action: ConversationAction): Promise<ConversationDto> => {
      const ref = { conversationId };
      const patch = (body: unknown) =>
        apiFetch<ConversationDto>(`/api/v1/conversations/${encodeURIComponent(conversationId)}`, {
          method: 'PATCH',
          body: jsonBody(body),
        });
      switch (action.kind) {
        case 'takeover':
          return request(socket, 'conversation:takeover', ref);
        case 'resolve':
          return request(socket, 'conversation:resolve', ref);
        case 'handback':
          return request(socket, 'conversation:handback', ref);
        case 'reopen':
          return patch({ status: 'human', assigneeId: userId });
        case 'assign':
          return patch({ assigneeId: action.assigneeId });
        case 'handTo':
          return patch({ status: 'human', assigneeId: action.assigneeId });
        case 'labels':
          return patch({ labels: action.labels });
      }
    },
    onSuccess: (conversation) => {
      queryClient.setQueryData(conversationKeys.detail(conversation.id), conversation);
    },
  });
}
