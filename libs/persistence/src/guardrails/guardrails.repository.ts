import type { GuardrailSettings } from '@neodesk/contracts';
import { EntityManager, Repository } from 'typeorm';
import { GuardrailDecisionEntity } from './guardrail-decision.entity';
import { GuardrailSettingsEntity } from './guardrail-settings.entity';

export type GuardrailDecisionValues = Omit<GuardrailDecisionEntity, 'id' | 'createdAt'>;

/** Guardrail settings (the changed ones, as JSON) and the decisions guardrails made. */
export class GuardrailsRepository {
  private readonly settings: Repository<GuardrailSettingsEntity>;
  private readonly decisions: Repository<GuardrailDecisionEntity>;

  constructor(manager: EntityManager) {
    this.settings = manager.getRepository(GuardrailSettingsEntity);
    this.decisions = manager.getRepository(GuardrailDecisionEntity);
  }

  findSettings(workspaceId: string): Promise<GuardrailSettingsEntity | null> {
    return this.settings.findOneBy({ workspaceId });
  }

  /** Merges `changes` into the stored document (one statement, so concurrent changes of different fields both stay). */
  async saveSettings(workspaceId: string, changes: Partial<GuardrailSettings>): Promise<GuardrailSettingsEntity> {
    await this.settings.query(
      `INSERT INTO guardrail_settings (workspace_id, settings, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (workspace_id)
       DO UPDATE SET settings = guardrail_settings.settings || EXCLUDED.settings, updated_at = now()`,
      [workspaceId, JSON.stringify(changes)],
    );
    const row = await this.findSettings(workspaceId);
    if (row === null) {
      throw new Error(`Guardrail settings of workspace ${workspaceId} vanished while being saved`);
    }
    return row;
  }

  recordDecision(values: GuardrailDecisionValues): Promise<GuardrailDecisionEntity> {
    return this.decisions.save(this.decisions.create(values));
  }

  /** A conversation's decisions, oldest first (workspace-checked). */
  listDecisions(workspaceId: string, conversationId: string, limit = 500): Promise<GuardrailDecisionEntity[]> {
    return this.decisions.find({
      where: { workspaceId, conversationId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    });
  }
}
