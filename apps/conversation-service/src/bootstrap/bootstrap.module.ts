import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { BootstrapService } from './bootstrap.service';

@Module({ imports: [WorkspacesModule, UsersModule], providers: [BootstrapService] })
export class BootstrapModule {}
