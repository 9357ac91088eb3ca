import type { GuardrailDecisionDto, GuardrailDecisionEvent } from '@neodesk/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtime } from '../../realtime/hooks/useRealtime';
import { guardrailKeys, listGuardrailDecisions } from '../guardrails-api';

function addDecision(
  decisions: GuardrailDecisionDto[] | undefined,
  decision: GuardrailDecisionDto,
): GuardrailDecisionDto[] | undefined {
  if (decisions === undefined || decisions.some((existing) => existing.id === decision.id)) {
    return decisions;
  }
  return [...decisions, decision];
}

/** A conversation's guardrail decisions (agents only); new ones arrive live (`guardrail:decision`). */
export function useGuardrailDecisions(conversationId: string) {
  const queryClient = useQueryClient();
  const { socket } = useRealtime();
  useEffect(() => {
    const onDecision = ({ decision }: GuardrailDecisionEvent) => {
      queryClient.setQueryData<GuardrailDecisionDto[]>(guardrailKeys.decisions(decision.conversationId), (decisions) =>
        addDecision(decisions, decision),
      );
    };
    socket.on('guardrail:decision', onDecision);
    return () => {
      socket.off('guardrail:decision', onDecision);
    };
  }, [socket, queryClient]);
  return useQuery({
    queryKey: guardrailKeys.decisions(conversationId),
    queryFn: () => listGuardrailDecisions(conversationId),
  });
}
