import {
  type ChatFormatTurn,
  type TrainingExampleDto,
  type TrainingExampleSource,
  formatChatExample,
  formatChatPrompt,
} from '@neodesk/contracts';
import type { TrainingCandidate } from '@neodesk/persistence';

/**
 * A reply as a training example, or null when it is not one. The example answers the last customer message
 * before the reply: bot turns between that message and the reply are left out (for an agent's answer after a
 * handoff they are the answer the bot gave instead, which the agent's replaces), and a reply that follows an
 * agent's message written after that customer message is a follow-up, not an answer. Bot and agent messages
 * both speak as the agent, as in the prompts the service sends to workers.
 */
export function toTrainingExample(candidate: TrainingCandidate, persona: string | null): TrainingExampleDto | null {
  const source = sourceOf(candidate);
  const completion = candidate.text.trim();
  const answered = lastCustomerTurn(candidate.before);
  if (source === null || completion.length === 0 || answered < 0) {
    return null;
  }
  if (candidate.before.slice(answered + 1).some((message) => message.author === 'agent')) {
    return null;
  }
  const turns: ChatFormatTurn[] = candidate.before.slice(0, answered + 1).map((message) => ({
    speaker: message.author === 'customer' ? 'customer' : 'agent',
    text: message.text,
  }));
  return {
    conversationId: candidate.conversationId,
    messageId: candidate.messageId,
    messageSeq: candidate.seq,
    createdAt: candidate.createdAt.toISOString(),
    source,
    persona,
    turns,
    completion,
    prompt: formatChatPrompt(turns, persona),
    text: formatChatExample(turns, completion, persona),
  };
}

function lastCustomerTurn(before: TrainingCandidate['before']): number {
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i].author === 'customer') {
      return i;
    }
  }
  return -1;
}

function sourceOf(candidate: TrainingCandidate): TrainingExampleSource | null {
  switch (candidate.author) {
    case 'bot':
      return 'bot_positive';
    case 'agent':
      return 'agent_after_handoff';
    case 'customer':
    case 'system':
      return null;
  }
}
