import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LoginResponseDto } from '@neodesk/contracts';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { CredentialsRoute } from '../rate-limit/rate-limit.decorators';
import { Public } from './auth.decorators';
import { LoginRequestDto, LoginResponseBodyDto, RefreshRequestDto } from './auth.dto';
import { AuthService } from './auth.service';

/** Public on purpose: this is where agents get their credentials (with a stricter per-IP rate limit). */
@ApiTags('Auth')
@Public()
@CredentialsRoute()
@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Log an agent or admin in: a 15-minute access token and a refresh token' })
  @ApiOkResponse({ type: LoginResponseBodyDto })
  @ApiProblems(400, 401, 413, 415, 429, 503)
  login(@Body() body: LoginRequestDto): Promise<LoginResponseDto> {
    return this.auth.login(body);
  }

  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Trade a refresh token for new tokens',
    description:
      'A refresh token works once; the answer has its successor. Presenting a used one again revokes every ' +
      'token of that login (a copy was stolen), and the agent logs in again.',
  })
  @ApiOkResponse({ type: LoginResponseBodyDto })
  @ApiProblems(400, 401, 413, 415, 429, 503)
  refresh(@Body() body: RefreshRequestDto): Promise<LoginResponseDto> {
    return this.auth.refresh(body);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Log out: the refresh token and every token of its login stop working',
    description: 'Answers 204 whether or not the token was valid. Access tokens already issued expire on their own.',
  })
  @ApiNoContentResponse({ description: 'The login is over' })
  @ApiProblems(400, 413, 415, 429, 503)
  async logout(@Body() body: RefreshRequestDto): Promise<void> {
    await this.auth.logout(body);
  }
}
