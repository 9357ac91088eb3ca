import { randomUUID } from 'node:crypto';
import { OpenDatabase, Repositories, UnitOfWork } from '@neodesk/persistence';
import { ConversationsService } from '../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../apps/conversation-service/src/messages/messages.service';
import { PasswordHasher } from '../../apps/conversation-service/src/users/password-hasher';
import { UsersService } from '../../apps/conversation-service/src/users/users.service';
import { WorkspacesService } from '../../apps/conversation-service/src/workspaces/workspaces.service';

/** The domain services wired to one database, as the Nest container wires them. */
export interface Services {
  workspaces: WorkspacesService;
  users: UsersService;
  conversations: ConversationsService;
  messages: MessagesService;
  repositories: Repositories;
}

export function servicesFor(database: OpenDatabase): Services {
  const unitOfWork = new UnitOfWork(database.dataSource);
  const repositories = new Repositories(database.dataSource.manager);
  return {
    workspaces: new WorkspacesService(unitOfWork, repositories),
    users: new UsersService(repositories, new PasswordHasher()),
    conversations: new ConversationsService(unitOfWork, repositories),
    messages: new MessagesService(unitOfWork, repositories),
    repositories,
  };
}

/** A fresh tenant per test keeps tests independent without truncating tables. */
export async function newWorkspace(services: Services, name = `Test ${randomUUID().slice(0, 8)}`): Promise<string> {
  const workspace = await services.workspaces.create({ name });
  return workspace.id;
}
