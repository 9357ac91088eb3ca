import type { BotPreviewMessage } from '@neodesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { type PreviewSettings, previewBotReply } from '../bot-settings-api';

export function useBotPreview() {
  return useMutation({
    mutationFn: ({ settings, messages }: { settings: PreviewSettings; messages: BotPreviewMessage[] }) =>
      previewBotReply(settings, messages),
  });
}
