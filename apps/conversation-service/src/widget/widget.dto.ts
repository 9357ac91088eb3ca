import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** `GET /api/v1/widget/config?widgetKey=`; other parameters (a cache buster) are ignored. */
export class WidgetConfigQueryDto extends createZodDto(z.object({ widgetKey: z.string().min(1).max(200) })) {}
