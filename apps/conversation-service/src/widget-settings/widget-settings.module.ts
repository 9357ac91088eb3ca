import { Module } from '@nestjs/common';
import { WidgetSettingsController } from './widget-settings.controller';
import { WidgetSettingsService } from './widget-settings.service';

/** The widget's look and identity secret per workspace, with the admins' REST routes. */
@Module({
  controllers: [WidgetSettingsController],
  providers: [WidgetSettingsService],
  exports: [WidgetSettingsService],
})
export class WidgetSettingsModule {}
