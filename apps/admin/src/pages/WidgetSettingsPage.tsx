import { useBotSettings } from '../features/bot-settings/hooks/useBotSettings';
import { AllowedOriginsEditor } from '../features/widget-settings/components/AllowedOriginsEditor';
import { IdentitySecretCard } from '../features/widget-settings/components/IdentitySecretCard';
import { InstallCard } from '../features/widget-settings/components/InstallCard';
import { WidgetLookForm } from '../features/widget-settings/components/WidgetLookForm';
import { useWidgetSettings, useWorkspace } from '../features/widget-settings/hooks/useWidgetSettings';

export function WidgetSettingsPage() {
  const settings = useWidgetSettings();
  const workspace = useWorkspace();
  const bot = useBotSettings();
  const failure = settings.error ?? workspace.error ?? bot.error;
  return (
    <div className="settings settings--wide" aria-labelledby="page-title">
      <h1 id="page-title">Chat widget</h1>
      <p className="muted">How the widget looks on your site, which sites may show it, and the tag to install it.</p>
      {failure !== null ? (
        <p className="banner banner--error" role="alert">
          The widget settings could not be loaded: {failure.message}
        </p>
      ) : null}
      {settings.data === undefined || workspace.data === undefined || bot.data === undefined ? (
        failure === null ? (
          <p className="muted">Loading the widget settings…</p>
        ) : null
      ) : (
        <WidgetLookForm saved={settings.data} botName={bot.data.botName} greeting={bot.data.greeting}>
          <AllowedOriginsEditor origins={workspace.data.allowedOrigins} />
          <IdentitySecretCard enabled={settings.data.identitySecretSet} />
          <InstallCard workspace={workspace.data} />
        </WidgetLookForm>
      )}
    </div>
  );
}
