import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type GuardrailChanges, getGuardrailSettings, guardrailKeys, updateGuardrailSettings } from '../guardrails-api';

export function useGuardrailSettings() {
  return useQuery({ queryKey: guardrailKeys.settings, queryFn: getGuardrailSettings });
}

export function useUpdateGuardrailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: GuardrailChanges) => updateGuardrailSettings(changes),
    onSuccess: (saved) => queryClient.setQueryData(guardrailKeys.settings, saved),
  });
}
