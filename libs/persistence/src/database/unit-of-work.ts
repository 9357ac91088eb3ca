import { DataSource, EntityManager } from 'typeorm';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';
import { BotSettingsRepository } from '../bot-settings/bot-settings.repository';
import { CannedRepliesRepository } from '../canned-replies/canned-replies.repository';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { GuardrailsRepository } from '../guardrails/guardrails.repository';
import { InboxRepository } from '../inbox/inbox.repository';
import { InstanceSecretsRepository } from '../instance-secrets/instance-secrets.repository';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';
import { LoginThrottlesRepository } from '../login-throttles/login-throttles.repository';
import { AdvisoryLocks } from '../locks/advisory-locks';
import { MessageFeedbackRepository } from '../messages/message-feedback.repository';
import { MessagesRepository } from '../messages/messages.repository';
import { ConversationNotesRepository } from '../notes/conversation-notes.repository';
import { RefreshTokensRepository } from '../refresh-tokens/refresh-tokens.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { ConversationSatisfactionRepository } from '../satisfaction/conversation-satisfaction.repository';
import { ConversationStatusChangesRepository } from '../status-changes/conversation-status-changes.repository';
import { SupportReportsRepository } from '../reporting/support-reports.repository';
import { UsersRepository } from '../users/users.repository';
import { OutboxSignal } from '../webhooks/outbox-signal';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { WidgetSettingsRepository } from '../widget-settings/widget-settings.repository';
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
  readonly messageFeedback: MessageFeedbackRepository;
  readonly satisfaction: ConversationSatisfactionRepository;
  readonly widgetSettings: WidgetSettingsRepository;
  /** Export walks and metrics aggregates. */
  readonly reports: ReportsRepository;
  readonly webhooks: WebhooksRepository;
  /** The webhook outbox: `enqueue` inside the transaction of the change an event describes. */
  readonly webhookDeliveries: WebhookDeliveriesRepository;
  readonly locks: AdvisoryLocks;
  /** Keys the installation generated for itself (token signing). */
  readonly instanceSecrets: InstanceSecretsRepository;
  /** Agents' private notes on conversations. */
  readonly notes: ConversationNotesRepository;
  readonly cannedReplies: CannedRepliesRepository;
  /** The dashboard inbox's counts and previews. */
  readonly inbox: InboxRepository;
  /** Status changes: `record` inside the transaction of the change. */
  readonly statusChanges: ConversationStatusChangesRepository;
  /** The Reports API's aggregates. */
  readonly supportReports: SupportReportsRepository;
  /** Guardrail settings and decisions. */
  readonly guardrails: GuardrailsRepository;
  /** Knowledge articles, their passages and retrieval. */
  readonly knowledge: KnowledgeRepository;
  /** Failed logins per account key, shared by every replica. */
  readonly loginThrottles: LoginThrottlesRepository;

  /** `outboxWritten` is called when webhook deliveries were written through these repositories. */
  constructor(manager: EntityManager, outboxWritten?: () => void) {
    this.workspaces = new WorkspacesRepository(manager);
    this.users = new UsersRepository(manager);
    this.apiKeys = new ApiKeysRepository(manager);
    this.refreshTokens = new RefreshTokensRepository(manager);
    this.botSettings = new BotSettingsRepository(manager);
    this.conversations = new ConversationsRepository(manager);
    this.messages = new MessagesRepository(manager);
    this.messageFeedback = new MessageFeedbackRepository(manager);
    this.satisfaction = new ConversationSatisfactionRepository(manager);
    this.widgetSettings = new WidgetSettingsRepository(manager);
    this.reports = new ReportsRepository(manager);
    this.webhooks = new WebhooksRepository(manager);
    this.webhookDeliveries = new WebhookDeliveriesRepository(manager, outboxWritten);
    this.locks = new AdvisoryLocks(manager);
    this.instanceSecrets = new InstanceSecretsRepository(manager);
    this.notes = new ConversationNotesRepository(manager);
    this.cannedReplies = new CannedRepliesRepository(manager);
    this.inbox = new InboxRepository(manager);
    this.statusChanges = new ConversationStatusChangesRepository(manager);
    this.supportReports = new SupportReportsRepository(manager);
    this.guardrails = new GuardrailsRepository(manager);
    this.knowledge = new KnowledgeRepository(manager);
    this.loginThrottles = new LoginThrottlesRepository(manager);
  }
}

/** Runs work in one transaction with repositories bound to it; services never see SQL or managers. */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox?: OutboxSignal,
  ) {}

  async run<T>(work: (repositories: Repositories) => Promise<T>): Promise<T> {
    let outboxWritten = false;
    const result = await this.dataSource.transaction((manager) =>
      work(
        new Repositories(manager, () => {
          outboxWritten = true;
        }),
      ),
    );
    // Only after the commit: the dispatcher must find the rows it is woken for.
    if (outboxWritten) {
      this.outbox?.notify();
    }
    return result;
  }
}
