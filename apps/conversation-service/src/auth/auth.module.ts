import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottleService } from './login-throttle.service';
import { SignedTokens, sessionKeyProvider } from './signed-tokens';

@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AuthService, LoginThrottleService, SignedTokens, sessionKeyProvider],
  exports: [AuthService, SignedTokens],
})
export class AuthModule {}
