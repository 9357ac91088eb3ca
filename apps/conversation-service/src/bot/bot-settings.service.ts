import { Inject, Injectable } from '@nestjs/common';
import type { BotSettingsDto, UpdateBotSettingsRequest } from '@neodesk/contracts';
import { type BotSettingsEntity, type BotSettingsValues, Repositories, UnitOfWork } from '@neodesk/persistence';
import { defaultBotSettings } from '../workspaces/default-bot-settings';

/** A workspace's bot settings; a workspace without its row yet gets the defaults. */
@Injectable()
export class BotSettingsService {
  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
  ) {}

  async get(workspaceId: string): Promise<BotSettingsDto> {
    const row = await this.repositories.botSettings.findByWorkspace(workspaceId);
    return row === null ? toDto(defaultBotSettings(workspaceId), new Date(0)) : toBotSettingsDto(row);
  }

  /** Changes the given settings (already validated against the contract's limits); the rest stay. */
  async update(workspaceId: string, changes: UpdateBotSettingsRequest): Promise<BotSettingsDto> {
    return this.unitOfWork.run(async (tx) => {
      await tx.botSettings.createIfMissing(defaultBotSettings(workspaceId));
      const row = await tx.botSettings.update(workspaceId, changes);
      if (row === null) {
        throw new Error(`Bot settings of workspace ${workspaceId} vanished while being updated`);
      }
      return toBotSettingsDto(row);
    });
  }
}

export function toBotSettingsDto(row: BotSettingsEntity): BotSettingsDto {
  return toDto(row, row.updatedAt);
}

function toDto(values: BotSettingsValues, updatedAt: Date): BotSettingsDto {
  return {
    botName: values.botName,
    persona: values.persona,
    greeting: values.greeting,
    fallbackMessage: values.fallbackMessage,
    handoffPhrases: [...values.handoffPhrases],
    maxNewTokens: values.maxNewTokens,
    temperature: values.temperature,
    topK: values.topK,
    topP: values.topP,
    repetitionPenalty: values.repetitionPenalty,
    updatedAt: updatedAt.toISOString(),
  };
}
