import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { type WidgetAsset, WidgetAssetsService } from './widget-assets.service';

/** The loader changes with each release: browsers check back after five minutes (304 while unchanged). */
const LOADER_CACHE = 'public, max-age=300';
/** A hashed file never changes under its name. */
const HASHED_CACHE = 'public, max-age=31536000, immutable';

/** The widget's script files, loaded by pages on customers' sites: public, outside the API. */
@Public()
@ApiExcludeController()
@Controller()
export class WidgetAssetsController {
  constructor(@Inject(WidgetAssetsService) private readonly assets: WidgetAssetsService) {}

  @Get('widget.js')
  loader(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res() res: Response): void {
    send(res, this.assets.loader(), LOADER_CACHE, ifNoneMatch);
  }

  @Get('widget/:file')
  file(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() res: Response,
  ): void {
    send(res, this.assets.file(file), HASHED_CACHE, ifNoneMatch);
  }
}

function send(res: Response, asset: WidgetAsset, cacheControl: string, ifNoneMatch: string | undefined): void {
  res.set({
    'Cache-Control': cacheControl,
    ETag: asset.etag,
  });
  const tags = ifNoneMatch?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags !== undefined && (tags.includes(asset.etag) || tags.includes('*'))) {
    res.status(304).end();
    return;
  }
  res.type(asset.contentType).send(asset.body);
}
