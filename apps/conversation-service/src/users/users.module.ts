import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { PasswordHasher } from './password-hasher';
import { UserManagementService } from './user-management.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [RealtimeModule],
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, UserManagementService],
  exports: [UsersService],
})
export class UsersModule {}
