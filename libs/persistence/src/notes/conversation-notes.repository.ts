import { EntityManager, Repository } from 'typeorm';
import { ConversationNoteEntity } from './conversation-note.entity';

export interface NewNote {
  workspaceId: string;
  conversationId: string;
  authorUserId: string | null;
  text: string;
}

/** Private notes; every method is scoped by workspace id. */
export class ConversationNotesRepository {
  private readonly repo: Repository<ConversationNoteEntity>;

  constructor(manager: EntityManager) {
    this.repo = manager.getRepository(ConversationNoteEntity);
  }

  async create(note: NewNote): Promise<ConversationNoteEntity> {
    const saved = await this.repo.save(this.repo.create(note));
    // Read back for the author's name (a virtual column).
    const row = await this.repo.findOneBy({ workspaceId: note.workspaceId, id: saved.id });
    if (row === null) {
      throw new Error(`Note ${saved.id} vanished while being written`);
    }
    return row;
  }

  /** Oldest first. */
  listByConversation(workspaceId: string, conversationId: string, limit: number): Promise<ConversationNoteEntity[]> {
    return this.repo.find({
      where: { workspaceId, conversationId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }
}
