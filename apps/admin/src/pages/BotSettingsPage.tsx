import { BotSettingsForm } from '../features/bot-settings/components/BotSettingsForm';
import { useBotSettings } from '../features/bot-settings/hooks/useBotSettings';

export function BotSettingsPage() {
  const settings = useBotSettings();
  return (
    <div className="settings settings--wide" aria-labelledby="page-title">
      <h1 id="page-title">Bot</h1>
      <p className="muted">How the bot introduces itself, speaks, hands over to your team, and samples its replies.</p>
      {settings.isPending ? <p className="muted">Loading the bot settings…</p> : null}
      {settings.isError ? (
        <p className="banner banner--error" role="alert">
          The bot settings could not be loaded: {settings.error.message}
        </p>
      ) : null}
      {settings.data !== undefined ? <BotSettingsForm saved={settings.data} /> : null}
    </div>
  );
}
