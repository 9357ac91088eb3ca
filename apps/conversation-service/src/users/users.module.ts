import { Module } from '@nestjs/common';
import { PasswordHasher } from './password-hasher';
import { UserManagementService } from './user-management.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController],
  providers: [UsersService, PasswordHasher, UserManagementService],
  exports: [UsersService],
})
export class UsersModule {}
