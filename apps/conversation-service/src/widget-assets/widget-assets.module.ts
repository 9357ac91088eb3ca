import { Module } from '@nestjs/common';
import { WidgetAssetsController } from './widget-assets.controller';
import { WidgetAssetsService } from './widget-assets.service';

/** Serves the built web chat widget: `/widget.js` and its content-hashed chat bundle. */
@Module({ controllers: [WidgetAssetsController], providers: [WidgetAssetsService] })
export class WidgetAssetsModule {}
