import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiKeyKeys, createApiKey, listApiKeys, revokeApiKey } from '../api-keys-api';

export function useApiKeys() {
  return useQuery({ queryKey: apiKeyKeys.all, queryFn: listApiKeys });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: { id: string; name: string }) => revokeApiKey(key.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
