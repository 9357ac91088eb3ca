import { DataSource, EntityManager } from 'typeorm';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { BotSettingsRepository } from '../bot-settings/bot-settings.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { AdvisoryLocks } from '../locks/advisory-locks';
import { MessagesRepository } from '../messages/messages.repository';
import { RefreshTokensRepository } from '../refresh-tokens/refresh-tokens.repository';
import { UsersRepository } from '../users/users.repository';
import { WorkspacesRepository } from '../workspaces/workspaces.repository';

/** Every repository, bound to one EntityManager (the pool, or one transaction). */
export class Repositories {
  readonly workspaces: WorkspacesRepository;
  readonly users: UsersRepository;
  readonly apiKeys: ApiKeysRepository;
  readonly refreshTokens: RefreshTokensRepository;
  readonly botSettings: BotSettingsRepository;
  readonly conversations: ConversationsRepository;
  readonly messages: MessagesRepository;
  readonly locks: AdvisoryLocks;

  constructor(manager: EntityManager) {
    this.workspaces = new WorkspacesRepository(manager);
    this.users = new UsersRepository(manager);
    this.apiKeys = new ApiKeysRepository(manager);
    this.refreshTokens = new RefreshTokensRepository(manager);
    this.botSettings = new BotSettingsRepository(manager);
    this.conversations = new ConversationsRepository(manager);
    this.messages = new MessagesRepository(manager);
    this.locks = new AdvisoryLocks(manager);
  }
}

/** Runs work in one transaction with repositories bound to it; services never see SQL or managers. */
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new Repositories(manager)));
  }
}
