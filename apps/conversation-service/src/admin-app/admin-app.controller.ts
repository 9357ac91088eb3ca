import { Controller, Get, Headers, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { AdminAppService } from './admin-app.service';

/** A hashed file never changes under its name. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

/**
 * The agent dashboard's static files at `/admin` (public: the app itself asks for credentials). Paths that
 * name no file are the app's own routes and get `index.html` (history-API routing).
 */
@Public()
@ApiExcludeController()
@Controller('admin')
export class AdminAppController {
  constructor(@Inject(AdminAppService) private readonly app: AdminAppService) {}

  @Get(['', '{*path}'])
  serve(@Req() req: Request, @Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): void {
    const { file } = this.app.resolve(req.path.replace(/^\/admin\/?/, ''));
    res.set({
      'Cache-Control': file.hashed ? HASHED_CACHE : 'no-cache',
      ETag: file.etag,
    });
    const tags = ifNoneMatch?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (tags !== undefined && (tags.includes(file.etag) || tags.includes('*'))) {
      res.status(304).end();
      return;
    }
    res.type(file.contentType).send(file.body);
  }
}
