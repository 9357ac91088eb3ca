import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { DemoService } from './demo.service';

/** The first page a new user sees (DEMO_PAGE=false turns it off): the product working on a shop page. */
@Public()
@ApiExcludeController()
@Controller()
export class DemoController {
  constructor(@Inject(DemoService) private readonly demo: DemoService) {}

  @Get()
  @Header('Cache-Control', 'no-cache')
  async page(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.type('html');
    return this.demo.page();
  }

  @Get('demo.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  stylesheet(): string {
    return this.demo.stylesheet();
  }
}
