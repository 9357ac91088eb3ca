import type { MessageFeedback } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { MessageEntity } from './message.entity';

/** A message of a conversation, by its id or its sequence number. */
export type MessageRef = { messageId: string } | { seq: number };

/** The ratings of bot messages, stored on the message (the last rating counts). */
export class MessageFeedbackRepository {
  private readonly repo: Repository<MessageEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(MessageEntity);
  }

  /** The message, locked until the transaction ends, so two ratings of it are written one after the other. */
  lockMessage(workspaceId: string, conversationId: string, ref: MessageRef): Promise<MessageEntity | null> {
    const query = this.repo
      .createQueryBuilder('message')
      .setLock('pessimistic_write')
      .where('message.workspaceId = :workspaceId AND message.conversationId = :conversationId', {
        workspaceId,
        conversationId,
      });
    if ('messageId' in ref) {
      query.andWhere('message.id = :id', { id: ref.messageId });
    } else {
      query.andWhere('message.seq = :seq', { seq: ref.seq });
    }
    return query.getOne();
  }

  /** Stores the rating with its comment and time; null when the workspace has no such message. */
  async rate(
    workspaceId: string,
    messageId: string,
    rating: MessageFeedback,
    comment: string | null,
  ): Promise<MessageEntity | null> {
    await this.repo
      .createQueryBuilder()
      .update(MessageEntity)
      .set({ feedback: rating, feedbackComment: comment, feedbackAt: () => 'now()' })
      .where('id = :messageId AND workspace_id = :workspaceId', { messageId, workspaceId })
      .execute();
    return this.repo.findOneBy({ workspaceId, id: messageId });
  }
}
