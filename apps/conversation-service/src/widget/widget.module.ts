import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { BotModule } from '../bot/bot.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { WidgetSettingsModule } from '../widget-settings/widget-settings.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { WidgetConfigService } from './widget-config.service';
import { WidgetCorsMiddleware } from './widget-cors.middleware';
import { WidgetController } from './widget.controller';
import { WidgetSessionsService } from './widget-sessions.service';

@Module({
  imports: [AuthModule, WorkspacesModule, ConversationsModule, BotModule, WidgetSettingsModule],
  controllers: [WidgetController],
  providers: [WidgetSessionsService, WidgetConfigService],
  exports: [WidgetSessionsService],
})
export class WidgetModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Preflights have no route of their own: answered here, before the router's 404.
    consumer.apply(WidgetCorsMiddleware).forRoutes({ path: 'api/v1/widget/{*path}', method: RequestMethod.OPTIONS });
  }
}
