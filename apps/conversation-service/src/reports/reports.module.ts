import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The Reports API: support and bot figures over a range, per period. */
@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
