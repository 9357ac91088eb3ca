import { Inject, Injectable } from '@nestjs/common';
import {
  CONVERSATION_CHANNELS,
  type ConversationChannel,
  type ConversationDto,
  type ConversationStatus,
  type ConversationPageDto,
  type CustomerProfile,
  type HandoffReason,
  type ListConversationsQuery,
  type UpdateConversationRequest,
} from '@neodesk/contracts';
import { Repositories, UnitOfWork } from '@neodesk/persistence';
import { planStatusChange } from './conversation-status.rules';
import { ConversationError, ConversationErrorCode } from './conversation.error';
import { decodeConversationCursor, encodeConversationCursor } from './conversation-cursor';
import { toConversationDto } from './conversation.mapper';

export interface CreateConversationInput {
  visitorId: string;
  channel?: ConversationChannel;
  customer?: CustomerProfile | null;
  metadata?: Record<string, unknown>;
}

/** Who a widget visitor says they are (`identify()`); `verified` when a valid hash proved the e-mail. */
export interface VisitorIdentityInput {
  name?: string;
  email?: string;
  verified: boolean;
}

export interface ChangeStatusInput {
  status: ConversationStatus;
  /** Omit to keep the current agent; null to unassign. */
  assignedAgentId?: string | null;
  /** Why it goes to the queue (`waiting_human`): sent with the `conversation.handoff` webhook event. */
  reason?: HandoffReason;
}

const MAX_JSON_BYTES = 16 * 1024;
const MAX_PAGE = 200;

/** Conversations of one workspace; every method takes the workspace id first and never crosses it. */
@Injectable()
export class ConversationsService {
  constructor(
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(Repositories) private readonly repositories: Repositories,
  ) {}

  async create(workspaceId: string, input: CreateConversationInput): Promise<ConversationDto> {
    const visitorId = input.visitorId.trim();
    if (visitorId.length === 0 || visitorId.length > 128) {
      throw new ConversationError(ConversationErrorCode.InvalidInput, 'visitorId must have 1 to 128 characters');
    }
    const channel = input.channel ?? 'web';
    if (!CONVERSATION_CHANNELS.includes(channel)) {
      throw new ConversationError(
        ConversationErrorCode.InvalidInput,
        `channel must be one of ${CONVERSATION_CHANNELS.join(', ')}`,
      );
    }
    const customer = input.customer ?? null;
    const metadata = input.metadata ?? {};
    assertSmallJsonObject('customer', customer);
    assertSmallJsonObject('metadata', metadata);
    return this.unitOfWork.run(async (tx) => {
      const conversation = toConversationDto(
        await tx.conversations.create({ workspaceId, visitorId, channel, customer, metadata }),
      );
      await tx.webhookDeliveries.enqueue({ workspaceId, type: 'conversation.created', data: { conversation } });
      return conversation;
    });
  }

  async get(workspaceId: string, id: string): Promise<ConversationDto> {
    const conversation = await this.repositories.conversations.findById(workspaceId, id);
    if (conversation === null) {
      throw notFound(id);
    }
    return toConversationDto(conversation);
  }

  async list(
    workspaceId: string,
    filter: { status?: ConversationStatus; visitorId?: string; limit?: number } = {},
  ): Promise<ConversationDto[]> {
    const limit = Math.min(Math.max(filter.limit ?? 50, 1), MAX_PAGE);
    const rows = await this.repositories.conversations.list(workspaceId, { ...filter, limit });
    return rows.map(toConversationDto);
  }

  /** Applies the status rules under a row lock, so concurrent handoffs and replies see one order. */
  async changeStatus(workspaceId: string, id: string, input: ChangeStatusInput): Promise<ConversationDto> {
    return (await this.changeStatusFrom(workspaceId, id, undefined, input)).conversation;
  }

  /**
   * Like changeStatus, but only while the conversation is in one of `from` (checked under the lock);
   * otherwise nothing changes and `changed` is false. A bot failure hands over only a bot-owned conversation.
   */
  async changeStatusFrom(
    workspaceId: string,
    id: string,
    from: readonly ConversationStatus[] | undefined,
    input: ChangeStatusInput,
  ): Promise<{ conversation: ConversationDto; changed: boolean }> {
    return this.unitOfWork.run(async (tx) => {
      const current = await tx.conversations.lockById(workspaceId, id);
      if (current === null) {
        throw notFound(id);
      }
      if (from !== undefined && !from.includes(current.status)) {
        return { conversation: toConversationDto(current), changed: false };
      }
      if (input.assignedAgentId !== undefined && input.assignedAgentId !== null) {
        const agent = await tx.users.findById(workspaceId, input.assignedAgentId);
        if (agent === null || !agent.isActive) {
          throw new ConversationError(
            ConversationErrorCode.AgentNotInWorkspace,
            `User ${input.assignedAgentId} is not an active member of this workspace`,
          );
        }
      }
      const planned = planStatusChange(current, input, new Date());
      await tx.conversations.changeStatus(workspaceId, id, planned);
      const updated = await tx.conversations.findById(workspaceId, id);
      if (updated === null) {
        throw notFound(id);
      }
      const conversation = toConversationDto(updated);
      await enqueueStatusEvents(tx, current.status, conversation, input.reason);
      return { conversation, changed: true };
    });
  }

  /** Erases the conversation with all its messages. Returns false when there was nothing to erase. */
  delete(workspaceId: string, id: string): Promise<boolean> {
    return this.repositories.conversations.delete(workspaceId, id);
  }

  /** Erases the conversation with all its messages, or says it does not exist. */
  async erase(workspaceId: string, id: string): Promise<void> {
    if (!(await this.repositories.conversations.delete(workspaceId, id))) {
      throw notFound(id);
    }
  }

  /** One page of the workspace's conversations, newest first; `nextCursor` continues it. */
  async page(workspaceId: string, query: ListConversationsQuery): Promise<ConversationPageDto> {
    const after = query.cursor === undefined ? undefined : decodeConversationCursor(query.sort, query.cursor);
    // One row more than asked tells whether there is a next page.
    const rows = await this.repositories.conversations.search(workspaceId, {
      statuses: query.status,
      assignedAgentId: query.assignee === 'none' ? null : query.assignee,
      label: query.label,
      createdFrom: toDate(query.createdFrom),
      createdTo: toDate(query.createdTo),
      updatedFrom: toDate(query.updatedFrom),
      updatedTo: toDate(query.updatedTo),
      text: query.q,
      sort: query.sort,
      after,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      data: page.map((row) => toConversationDto(row.conversation)),
      nextCursor:
        rows.length > query.limit && last !== undefined ? encodeConversationCursor(query.sort, last.position) : null,
    };
  }

  /**
   * Writes a visitor's identity on their newest open conversation (their newest one if all are resolved):
   * name and e-mail when given, and whether it is verified; the profile's other keys stay.
   */
  async setVisitorIdentity(
    workspaceId: string,
    visitorId: string,
    identity: VisitorIdentityInput,
  ): Promise<ConversationDto> {
    return this.unitOfWork.run(async (tx) => {
      const recent = await tx.conversations.list(workspaceId, { visitorId, limit: 20 });
      const target = recent.find((conversation) => conversation.status !== 'resolved') ?? recent.at(0);
      const current = target === undefined ? null : await tx.conversations.lockById(workspaceId, target.id);
      if (current === null) {
        throw new ConversationError(ConversationErrorCode.NotFound, 'This visitor has no conversation yet');
      }
      const customer: CustomerProfile = { ...current.customer, verified: identity.verified };
      if (identity.name !== undefined) {
        customer.name = identity.name;
      }
      if (identity.email !== undefined) {
        customer.email = identity.email;
      }
      await tx.conversations.setCustomer(workspaceId, current.id, customer);
      return toConversationDto((await tx.conversations.findById(workspaceId, current.id)) ?? current);
    });
  }

  /**
   * Changes status, assignee and labels together, under the row lock and by the status rules; an
   * assignee that the new status would drop (a bot-owned conversation) is refused rather than ignored.
   */
  async update(workspaceId: string, id: string, input: UpdateConversationRequest): Promise<ConversationDto> {
    return this.unitOfWork.run(async (tx) => {
      const current = await tx.conversations.lockById(workspaceId, id);
      if (current === null) {
        throw notFound(id);
      }
      if (input.status !== undefined || input.assigneeId !== undefined) {
        if (input.assigneeId !== undefined && input.assigneeId !== null) {
          const agent = await tx.users.findById(workspaceId, input.assigneeId);
          if (agent === null || !agent.isActive) {
            throw new ConversationError(
              ConversationErrorCode.AgentNotInWorkspace,
              `User ${input.assigneeId} is not an active member of this workspace`,
            );
          }
        }
        const planned = planStatusChange(
          current,
          { status: input.status ?? current.status, assignedAgentId: input.assigneeId },
          new Date(),
        );
        if (input.assigneeId !== undefined && planned.assignedAgentId !== input.assigneeId) {
          throw new ConversationError(
            ConversationErrorCode.InvalidInput,
            `A conversation in status ${planned.status} cannot have an assignee`,
          );
        }
        await tx.conversations.changeStatus(workspaceId, id, planned);
      }
      if (input.labels !== undefined) {
        await tx.conversations.setLabels(workspaceId, id, [...new Set(input.labels)]);
      }
      const updated = await tx.conversations.findById(workspaceId, id);
      if (updated === null) {
        throw notFound(id);
      }
      const conversation = toConversationDto(updated);
      await enqueueStatusEvents(tx, current.status, conversation);
      return conversation;
    });
  }
}

/**
 * The record of a status change (for the reports) and its webhook events, written in the change's
 * transaction. A change to `human` is an agent's takeover; one to the queue carries the reason given.
 */
async function enqueueStatusEvents(
  tx: Repositories,
  previous: ConversationStatus,
  conversation: ConversationDto,
  reason?: HandoffReason,
): Promise<void> {
  if (conversation.status === previous) {
    return;
  }
  const { workspaceId } = conversation;
  await tx.statusChanges.record({
    workspaceId,
    conversationId: conversation.id,
    fromStatus: previous,
    toStatus: conversation.status,
    reason:
      conversation.status === 'waiting_human'
        ? (reason ?? null)
        : conversation.status === 'human'
          ? 'agent_takeover'
          : null,
    agentId: conversation.assignedAgentId,
  });
  if (conversation.status === 'waiting_human') {
    await tx.webhookDeliveries.enqueue({
      workspaceId,
      type: 'conversation.handoff',
      data: { conversation, reason: reason ?? null },
    });
  } else if (conversation.status === 'resolved') {
    await tx.webhookDeliveries.enqueue({ workspaceId, type: 'conversation.resolved', data: { conversation } });
  }
}

function toDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : new Date(iso);
}

function notFound(id: string): ConversationError {
  return new ConversationError(ConversationErrorCode.NotFound, `Conversation ${id} does not exist in this workspace`);
}

function assertSmallJsonObject(field: string, value: unknown): void {
  if (value === null) {
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ConversationError(ConversationErrorCode.InvalidInput, `${field} must be a JSON object`);
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_JSON_BYTES) {
    throw new ConversationError(
      ConversationErrorCode.InvalidInput,
      `${field} must be at most ${MAX_JSON_BYTES} bytes of JSON`,
    );
  }
}
