import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { ApiKeyIdParamsDto, ApiKeyListDto, CreateApiKeyRequestDto, CreatedApiKeyDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('API keys')
@Controller('api/v1/api-keys')
@RequireScope('admin')
export class ApiKeysController {
  constructor(@Inject(ApiKeysService) private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key; the answer is the only time the key is shown' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiProblems(400, 413, 415, 422)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateApiKeyRequestDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(caller.workspaceId, caller.userId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the workspace's keys, newest first (never the keys themselves)" })
  @ApiOkResponse({ type: ApiKeyListDto })
  list(@CurrentCaller() caller: Caller): Promise<ApiKeyListDto> {
    return this.apiKeys.list(caller.workspaceId);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a key: calls with it answer 401 from now on' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  @ApiProblems(400, 404)
  async revoke(@CurrentCaller() caller: Caller, @Param() params: ApiKeyIdParamsDto): Promise<void> {
    await this.apiKeys.revoke(caller.workspaceId, params.id);
  }
}
