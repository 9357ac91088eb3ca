import { DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { PersistenceModule } from '@neodesk/persistence';
import { AdminAppModule } from './admin-app/admin-app.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { JsonBodyMiddleware } from './common/json-body.middleware';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { ZodValidationPipe } from './common/zod-validation.pipe';
import type { AppConfig } from './config/app-config';
import { APP_CONFIG, ConfigModule } from './config/config.module';
import { ConversationsHttpModule } from './conversations/conversations-http.module';
import { ConversationsModule } from './conversations/conversations.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MessagesHttpModule } from './messages/messages-http.module';
import { MessagesModule } from './messages/messages.module';
import { HttpMetricsMiddleware } from './metrics/http-metrics.middleware';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { BotModule } from './bot/bot.module';
import { BotSettingsHttpModule } from './bot/bot-settings-http.module';
import { ChatModule } from './chat/chat.module';
import { RealtimeModule } from './realtime/realtime.module';
import { WorkersModule } from './workers/workers.module';
import { WorkersHttpModule } from './workers/workers-http.module';
import { UsersModule } from './users/users.module';
import { WidgetModule } from './widget/widget.module';
import { WidgetAssetsModule } from './widget-assets/widget-assets.module';
import { DemoModule } from './demo/demo.module';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { WidgetSettingsModule } from './widget-settings/widget-settings.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkspacesModule } from './workspaces/workspaces.module';
import { NotesModule } from './notes/notes.module';
import { CannedRepliesModule } from './canned-replies/canned-replies.module';
import { InboxModule } from './inbox/inbox.module';
import { ReportsModule } from './reports/reports.module';
import { GuardrailsHttpModule } from './guardrails/guardrails-http.module';
import { KNOWLEDGE_IMPORT_ROUTE, KnowledgeHttpModule } from './knowledge/knowledge-http.module';
import { WorkspacesHttpModule } from './workspaces/workspaces-http.module';

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        PersistenceModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (appConfig: AppConfig) => ({ database: appConfig.database }),
        }),
        MetricsModule,
        HealthModule,
        WorkspacesModule,
        UsersModule,
        ConversationsModule,
        MessagesModule,
        BootstrapModule,
        AuthModule,
        WidgetModule,
        WidgetSettingsModule,
        WidgetAssetsModule,
        DemoModule.register(config.widget.demoPage),
        SatisfactionModule,
        RealtimeModule,
        WorkersModule,
        BotModule,
        ChatModule,
        ApiKeysModule,
        RateLimitModule,
        ConversationsHttpModule,
        MessagesHttpModule,
        BotSettingsHttpModule,
        WorkspacesHttpModule,
        WorkersHttpModule,
        WebhooksModule,
        ExportsModule,
        NotesModule,
        CannedRepliesModule,
        InboxModule,
        ReportsModule,
        GuardrailsHttpModule,
        KnowledgeHttpModule,
        AdminAppModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useClass: ZodValidationPipe },
        // Rate limits first: requests with bad credentials count too.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Timing first, so requests the body parser refuses are measured too.
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    // The knowledge import reads its own body (a file of up to 5 MiB, JSON, CSV or Markdown).
    consumer
      .apply(JsonBodyMiddleware)
      .exclude(KNOWLEDGE_IMPORT_ROUTE)
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
