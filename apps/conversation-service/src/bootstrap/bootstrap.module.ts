import { Module } from '@nestjs/common';
import { KnowledgeModule } from '../knowledge/knowledge.module';
import { UsersModule } from '../users/users.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { BootstrapService } from './bootstrap.service';

@Module({ imports: [WorkspacesModule, UsersModule, KnowledgeModule], providers: [BootstrapService] })
export class BootstrapModule {}
