import { Module } from '@nestjs/common';
import { AdminAppController } from './admin-app.controller';
import { AdminAppService } from './admin-app.service';

/** Serves the built agent dashboard at `/admin`. */
@Module({ controllers: [AdminAppController], providers: [AdminAppService] })
export class AdminAppModule {}
