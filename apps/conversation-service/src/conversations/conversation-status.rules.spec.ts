import { ConversationErrorCode } from './conversation.error';
import { assertAuthorAllowed, planStatusChange, statusAfterCustomerMessage } from './conversation-status.rules';

const now = new Date('2026-11-26T10:00:00Z');

describe('conversation status rules', () => {
  describe(planStatusChange.name, () => {
    it('should require an agent for a human-owned conversation', () => {
      expect(() => planStatusChange({ status: 'bot', assignedAgentId: null }, { status: 'human' }, now)).toThrow(
        expect.objectContaining({ code: ConversationErrorCode.AgentRequired }),
      );
    });

    it('should assign the agent on takeover and clear it when handing back to the bot', () => {
      const takeover = planStatusChange(
        { status: 'waiting_human', assignedAgentId: null },
        { status: 'human', assignedAgentId: 'a1' },
        now,
      );
      expect(takeover).toEqual({ status: 'human', assignedAgentId: 'a1', resolvedAt: null });
      const handBack = planStatusChange({ status: 'human', assignedAgentId: 'a1' }, { status: 'bot' }, now);
      expect(handBack).toEqual({ status: 'bot', assignedAgentId: null, resolvedAt: null });
    });

    it('should keep the agent and stamp the time when resolving', () => {
      expect(planStatusChange({ status: 'human', assignedAgentId: 'a1' }, { status: 'resolved' }, now)).toEqual({
        status: 'resolved',
        assignedAgentId: 'a1',
        resolvedAt: now,
      });
    });

    it('should refuse to send a resolved conversation to the handoff queue', () => {
      expect(() =>
        planStatusChange({ status: 'resolved', assignedAgentId: null }, { status: 'waiting_human' }, now),
      ).toThrow(expect.objectContaining({ code: ConversationErrorCode.InvalidTransition }));
    });

    it('should allow reassigning without a status change', () => {
      expect(
        planStatusChange({ status: 'human', assignedAgentId: 'a1' }, { status: 'human', assignedAgentId: 'a2' }, now)
          .assignedAgentId,
      ).toBe('a2');
    });
  });

  describe(statusAfterCustomerMessage.name, () => {
    it('should reopen a resolved conversation for the bot and leave others alone', () => {
      expect(statusAfterCustomerMessage('resolved')).toBe('bot');
      expect(statusAfterCustomerMessage('human')).toBeUndefined();
      expect(statusAfterCustomerMessage('waiting_human')).toBeUndefined();
      expect(statusAfterCustomerMessage('bot')).toBeUndefined();
    });
  });

  describe(assertAuthorAllowed.name, () => {
    it('should let the bot write only while it owns the conversation', () => {
      expect(() => assertAuthorAllowed('bot', 'bot')).not.toThrow();
      for (const status of ['waiting_human', 'human', 'resolved'] as const) {
        expect(() => assertAuthorAllowed(status, 'bot')).toThrow(
          expect.objectContaining({ code: ConversationErrorCode.BotNotAllowed }),
        );
      }
      expect(() => assertAuthorAllowed('human', 'agent')).not.toThrow();
      expect(() => assertAuthorAllowed('human', 'customer')).not.toThrow();
    });
  });
});
