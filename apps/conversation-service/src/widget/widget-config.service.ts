import { Inject, Injectable } from '@nestjs/common';
import type { WidgetConfigDto } from '@neodesk/contracts';
import { BotSettingsService } from '../bot/bot-settings.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { WidgetSettingsService } from '../widget-settings/widget-settings.service';
import { WidgetSettingsError, WidgetSettingsErrorCode } from '../widget-settings/widget-settings.error';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { type PageOrigin, isOriginAllowed } from './origin-policy';
import { WidgetError, WidgetErrorCode } from './widget.error';

/** What a widget needs to draw itself, public like sessions: gated by the widget key and the page's origin. */
@Injectable()
export class WidgetConfigService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @Inject(WidgetSettingsService) private readonly widgetSettings: WidgetSettingsService,
    @Inject(BotSettingsService) private readonly botSettings: BotSettingsService,
  ) {}

  async get(widgetKey: string, page: PageOrigin): Promise<WidgetConfigDto> {
    const workspace = await this.workspaces.findByWidgetKey(widgetKey);
    if (workspace === null) {
      throw new WidgetSettingsError(WidgetSettingsErrorCode.UnknownWidgetKey, 'No widget has this key');
    }
    if (!isOriginAllowed(page, workspace.allowedOrigins, this.config.nodeEnv)) {
      throw new WidgetError(
        WidgetErrorCode.OriginNotAllowed,
        `The origin ${page.origin ?? ''} may not use this widget`,
      );
    }
    const [settings, bot] = await Promise.all([
      this.widgetSettings.settings(workspace.id),
      this.botSettings.get(workspace.id),
    ]);
    return {
      title: settings.title,
      botName: bot.botName,
      greeting: bot.greeting,
      color: settings.color,
      position: settings.position,
      launcherLabel: settings.launcherLabel,
      locale: settings.locale,
      preChatForm: { name: settings.preChatName, email: settings.preChatEmail },
      identityVerification: settings.identitySecret !== null,
    };
  }
}
