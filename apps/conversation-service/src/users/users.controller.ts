import { Body, Controller, Delete, Get, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RemovedUserDto, UserDto, UserListDto } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { UserManagementService } from './user-management.service';
import {
  CreateUserRequestDto,
  RemovedUserResponseDto,
  UpdateUserRequestDto,
  UserIdParamsDto,
  UserListResponseDto,
  UserResponseDto,
} from './users.dto';

/** The admins and agents of the caller's workspace; another workspace's users read as missing (404). */
@ApiTags('Users')
@Controller('api/v1/users')
@RequireScope('admin')
export class UsersController {
  constructor(@Inject(UserManagementService) private readonly users: UserManagementService) {}

  @Get()
  @ApiOperation({ summary: "List the workspace's users, oldest first (never passwords or their hashes)" })
  @ApiOkResponse({ type: UserListResponseDto })
  async list(@CurrentCaller() caller: Caller): Promise<UserListDto> {
    return { data: await this.users.list(caller.workspaceId) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a user' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems(400, 404)
  get(@CurrentCaller() caller: Caller, @Param() params: UserIdParamsDto): Promise<UserDto> {
    return this.users.get(caller.workspaceId, params.id);
  }

  @Post()
  @ApiOperation({
    summary: 'Add an admin or agent',
    description: 'E-mails are unique regardless of case, across workspaces (they are the login): a taken one is 409.',
  })
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiProblems(400, 409, 413, 415)
  create(@CurrentCaller() caller: Caller, @Body() body: CreateUserRequestDto): Promise<UserDto> {
    return this.users.create(caller.workspaceId, body);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change e-mail, name, role, password, or deactivate and reactivate',
    description:
      'Deactivating or a new password ends the logins of the user (access tokens are refused at once). ' +
      'The last active admin cannot be demoted or deactivated (409 `USER_LAST_ADMIN`).',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems(400, 404, 409, 413, 415)
  update(
    @CurrentCaller() caller: Caller,
    @Param() params: UserIdParamsDto,
    @Body() body: UpdateUserRequestDto,
  ): Promise<UserDto> {
    return this.users.update(caller.workspaceId, params.id, body);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Remove a user',
    description:
      'A user named on messages or conversations is deactivated instead (`outcome: deactivated`), so ' +
      'transcripts keep saying who wrote; anyone else is deleted. The last active admin stays (409).',
  })
  @ApiOkResponse({ type: RemovedUserResponseDto })
  @ApiProblems(400, 404, 409)
  remove(@CurrentCaller() caller: Caller, @Param() params: UserIdParamsDto): Promise<RemovedUserDto> {
    return this.users.remove(caller.workspaceId, params.id);
  }
}
