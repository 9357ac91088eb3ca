import { type DynamicModule, Module } from '@nestjs/common';
import { DemoController } from './demo.controller';
import { DemoService } from './demo.service';

/** `GET /` and its style sheet, only when DEMO_PAGE is on: off, `/` is a 404 like any unknown path. */
@Module({})
export class DemoModule {
  static register(enabled: boolean): DynamicModule {
    return enabled
      ? { module: DemoModule, controllers: [DemoController], providers: [DemoService] }
      : { module: DemoModule };
  }
}
