import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type {
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookDto,
  WebhookListDto,
  WebhookWithSecretDto,
} from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  CreateWebhookRequestDto,
  ListWebhookDeliveriesQueryDto,
  UpdateWebhookRequestDto,
  WebhookDeliveryPageResponseDto,
  WebhookDeliveryParamsDto,
  WebhookDeliveryResponseDto,
  WebhookIdParamsDto,
  WebhookListResponseDto,
  WebhookResponseDto,
  WebhookWithSecretResponseDto,
} from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** The workspace's webhook endpoints (admins only); another workspace's read as missing (404). */
@ApiTags('Webhooks')
@Controller('api/v1/webhooks')
@RequireScope('admin')
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Add an endpoint; the answer is the only time its signing secret is shown',
    description:
      'The host must resolve, and only to public addresses unless the service allows private networks ' +
      '(`WEBHOOK_ALLOW_PRIVATE_NETWORKS`); it is checked again before every delivery.',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretResponseDto })
  @ApiProblems(400, 413, 415, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateWebhookRequestDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(caller.workspaceId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the workspace's endpoints, newest first (never their secrets)" })
  @ApiOkResponse({ type: WebhookListResponseDto })
  list(@CurrentCaller() caller: Caller): Promise<WebhookListDto> {
    return this.webhooks.list(caller.workspaceId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an endpoint' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiProblems(400, 404)
  get(@CurrentCaller() caller: Caller, @Param() params: WebhookIdParamsDto): Promise<WebhookDto> {
    return this.webhooks.get(caller.workspaceId, params.id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, the events, the description, or enable and disable the endpoint' })
  @ApiOkResponse({ type: WebhookResponseDto })
  @ApiProblems(400, 404, 413, 415, 422)
  update(
    @CurrentCaller() caller: Caller,
    @Param() params: WebhookIdParamsDto,
    @Body() body: UpdateWebhookRequestDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(caller.workspaceId, params.id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an endpoint with its deliveries' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 404)
  async delete(@CurrentCaller() caller: Caller, @Param() params: WebhookIdParamsDto): Promise<void> {
    await this.webhooks.delete(caller.workspaceId, params.id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace the signing secret; the answer is the only time the new one is shown',
    description: 'The old secret stops at once: attempts from now on are signed with the new one.',
  })
  @ApiOkResponse({ type: WebhookWithSecretResponseDto })
  @ApiProblems(400, 404)
  rotateSecret(@CurrentCaller() caller: Caller, @Param() params: WebhookIdParamsDto): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(caller.workspaceId, params.id);
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: "The endpoint's deliveries, newest first, each with its attempts",
    description: 'Pass `nextCursor` back as `cursor` until it is null.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageResponseDto })
  @ApiProblems(400, 404)
  deliveries(
    @CurrentCaller() caller: Caller,
    @Param() params: WebhookIdParamsDto,
    @Query() query: ListWebhookDeliveriesQueryDto,
  ): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(caller.workspaceId, params.id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiOperation({ summary: 'One delivery with its attempts' })
  @ApiOkResponse({ type: WebhookDeliveryResponseDto })
  @ApiProblems(400, 404)
  delivery(@CurrentCaller() caller: Caller, @Param() params: WebhookDeliveryParamsDto): Promise<WebhookDeliveryDto> {
    return this.webhooks.delivery(caller.workspaceId, params.id, params.deliveryId);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Send a delivery again, now, with a fresh retry budget',
    description: 'The same delivery id and body; the new attempts are added to its list. 409 while it is in flight.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponseDto })
  @ApiProblems(400, 404, 409)
  redeliver(@CurrentCaller() caller: Caller, @Param() params: WebhookDeliveryParamsDto): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(caller.workspaceId, params.id, params.deliveryId);
  }
}
