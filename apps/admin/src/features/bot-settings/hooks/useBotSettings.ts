import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type BotSettingsChanges, botSettingsKeys, getBotSettings, updateBotSettings } from '../bot-settings-api';

export function useBotSettings() {
  return useQuery({ queryKey: botSettingsKeys.all, queryFn: getBotSettings });
}

export function useUpdateBotSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: BotSettingsChanges) => updateBotSettings(changes),
    onSuccess: (saved) => queryClient.setQueryData(botSettingsKeys.all, saved),
  });
}
