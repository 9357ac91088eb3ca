import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { type LoginRequest, type LoginResponseDto, loginRequestSchema } from '@neodesk/contracts';
import { ZodBodyPipe } from '../common/zod-body.pipe';
import { AuthService } from './auth.service';

@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(HttpStatus.OK)
  login(@Body(new ZodBodyPipe(loginRequestSchema)) body: LoginRequest): Promise<LoginResponseDto> {
    return this.auth.login(body);
  }
}
