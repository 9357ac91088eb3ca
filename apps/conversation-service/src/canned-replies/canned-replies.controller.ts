import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CannedReplyDto, CannedReplyListDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import {
  CannedReplyIdParamsDto,
  CannedReplyListResponseDto,
  CannedReplyResponseDto,
  CreateCannedReplyRequestDto,
  UpdateCannedReplyRequestDto,
} from './canned-replies.dto';
import { CannedRepliesService } from './canned-replies.service';

/** Saved answers agents insert with `/shortcut`; admins manage them. */
@ApiTags('Canned replies')
@Controller('api/v1/canned-replies')
export class CannedRepliesController {
  constructor(@Inject(CannedRepliesService) private readonly cannedReplies: CannedRepliesService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The workspace's canned replies, by shortcut" })
  @ApiOkResponse({ type: CannedReplyListResponseDto })
  @ApiProblems(400)
  list(@CurrentCaller() caller: Caller): Promise<CannedReplyListDto> {
    return this.cannedReplies.list(caller.workspaceId);
  }

  @Post()
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Add a canned reply',
    description: 'A shortcut is unique in the workspace (409 `CANNED_REPLY_SHORTCUT_TAKEN`); at most 500 replies.',
  })
  @ApiCreatedResponse({ type: CannedReplyResponseDto })
  @ApiProblems(400, 409, 413, 415)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateCannedReplyRequestDto): Promise<CannedReplyDto> {
    return this.cannedReplies.create(caller.workspaceId, body);
  }

  @Patch(':id')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Change the shortcut or the text of a canned reply' })
  @ApiOkResponse({ type: CannedReplyResponseDto })
  @ApiProblems(400, 404, 409, 413, 415)
  update(
    @CurrentCaller() caller: Caller,
    @Param() params: CannedReplyIdParamsDto,
    @Body() body: UpdateCannedReplyRequestDto,
  ): Promise<CannedReplyDto> {
    return this.cannedReplies.update(caller.workspaceId, params.id, body);
  }

  @Delete(':id')
  @RequireScope('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a canned reply' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 404)
  async remove(@CurrentCaller() caller: Caller, @Param() params: CannedReplyIdParamsDto): Promise<void> {
    await this.cannedReplies.delete(caller.workspaceId, params.id);
  }
}
