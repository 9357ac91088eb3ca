import { Inject, Injectable } from '@nestjs/common';
import {
  type ConversationDto,
  type MessageDto,
  TRANSCRIPT_CSV_COLUMNS,
  type TrainingDataQuery,
  type TrainingExampleDto,
  type TranscriptsQuery,
  dayStart,
} from '@neodesk/contracts';
import { type ExportPosition, Repositories, type TranscriptPosition, type TranscriptRow } from '@neodesk/persistence';
import { PROMPT_HISTORY_TURNS } from '../bot/bot-prompt';
import { BotSettingsService } from '../bot/bot-settings.service';
import { toConversationDto, toMessageDto } from '../conversations/conversation.mapper';
import { GuardrailSettingsService } from '../guardrails/guardrail-settings.service';
import { isIdOrTimestampKey, redactPiiDeep } from '../guardrails/pii/pii-redactor';
import { type CsvValue, csvRow } from './csv';
import { toTrainingExample } from './training-example';

/** Rows read per query; an export holds one page in memory at a time. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Exports of a workspace's conversations, produced page by page as text chunks: training data for the
 * bundled model (JSON lines) and transcripts (CSV or JSON). Each walk stops at the moment it began
 * (unless `to` is earlier), so a long export does not chase conversations written while it runs.
 */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(Repositories) private readonly repositories: Repositories,
    @Inject(BotSettingsService) private readonly settings: BotSettingsService,
    @Inject(GuardrailSettingsService) private readonly guardrails: GuardrailSettingsService,
  ) {}

  /** Training examples as JSON lines, oldest reply first. */
  async *trainingData(workspaceId: string, query: TrainingDataQuery): AsyncGenerator<string> {
    for await (const examples of this.trainingExamples(workspaceId, query)) {
      if (examples.length > 0) {
        yield examples.map((example) => `${JSON.stringify(example)}\n`).join('');
      }
    }
  }

  /** The examples page by page (an empty page may come before more). */
  async *trainingExamples(workspaceId: string, query: TrainingDataQuery): AsyncGenerator<TrainingExampleDto[]> {
    const persona = query.persona ? (await this.settings.get(workspaceId)).persona.trim() || null : null;
    const masked = await this.masker(workspaceId);
    const bounds = boundsOf(query);
    let after: ExportPosition | undefined;
    for (;;) {
      const page = await this.repositories.reports.trainingCandidates(workspaceId, {
        botPositive: query.source === undefined || query.source === 'bot_positive',
        agentReplies: query.source === undefined || query.source === 'agent_after_handoff',
        ...bounds,
        promptTurns: PROMPT_HISTORY_TURNS,
        after,
        limit: EXPORT_PAGE_SIZE,
      });
      yield page.flatMap((candidate) => toTrainingExample(candidate, persona) ?? []).map(masked);
      if (page.length < EXPORT_PAGE_SIZE) {
        return;
      }
      after = page[page.length - 1].position;
    }
  }

  /** One CSV record per message (and one for a conversation without any), after a header record. */
  async *transcriptsCsv(workspaceId: string, query: TranscriptsQuery): AsyncGenerator<string> {
    const masked = await this.masker(workspaceId);
    yield csvRow(TRANSCRIPT_CSV_COLUMNS);
    for await (const rows of this.transcriptRows(workspaceId, query)) {
      yield rows.map((row) => csvRow(csvRecord(row, masked))).join('');
    }
  }

  /** `{"data":[{"conversation":{...},"messages":[...]},...]}`, written as the rows come. */
  async *transcriptsJson(workspaceId: string, query: TranscriptsQuery): AsyncGenerator<string> {
    const masked = await this.masker(workspaceId);
    yield '{"data":[';
    let current: string | null = null;
    let firstMessage = true;
    for await (const rows of this.transcriptRows(workspaceId, query)) {
      let chunk = '';
      for (const { conversation, message } of rows) {
        if (conversation.id !== current) {
          chunk += `${current === null ? '' : ']},'}{"conversation":${JSON.stringify(toConversationDto(conversation))},"messages":[`;
          current = conversation.id;
          firstMessage = true;
        }
        if (message !== null) {
          chunk += `${firstMessage ? '' : ','}${JSON.stringify(masked(toMessageDto(message)))}`;
          firstMessage = false;
        }
      }
      yield chunk;
    }
    yield current === null ? ']}\n' : ']}]}\n';
  }

  /**
   * Masks personal data in the dialogue an export writes when the workspace asks (`redactPiiInExports`):
   * message texts and training examples. The conversation's customer fields (name, e-mail: the contact the
   * site passed on purpose) stay.
   */
  private async masker(workspaceId: string): Promise<<T>(value: T) => T> {
    const { redactPiiInExports } = await this.guardrails.get(workspaceId);
    return redactPiiInExports ? (value) => redactPiiDeep(value, isIdOrTimestampKey) : (value) => value;
  }

  private async *transcriptRows(workspaceId: string, query: TranscriptsQuery): AsyncGenerator<TranscriptRow[]> {
    const bounds = boundsOf(query);
    let after: TranscriptPosition | undefined;
    for (;;) {
      const page = await this.repositories.reports.transcriptRows(workspaceId, {
        statuses: query.status,
        ...bounds,
        after,
        limit: EXPORT_PAGE_SIZE,
      });
      if (page.length > 0) {
        yield page;
      }
      if (page.length < EXPORT_PAGE_SIZE) {
        return;
      }
      after = page[page.length - 1].position;
    }
  }
}

/** `from` as given; `to` no later than now, the moment the export began. */
function boundsOf(query: { from?: string; to?: string }): { from?: Date; to: Date } {
  const now = new Date();
  const to = query.to === undefined ? now : dayStart(query.to);
  return { from: query.from === undefined ? undefined : dayStart(query.from), to: to < now ? to : now };
}

function csvRecord({ conversation, message }: TranscriptRow, masked: <T>(value: T) => T): CsvValue[] {
  const dto: ConversationDto = toConversationDto(conversation);
  const msg: MessageDto | null = message === null ? null : masked(toMessageDto(message));
  const customer = dto.customer ?? {};
  return [
    dto.id,
    dto.createdAt,
    dto.status,
    dto.channel,
    dto.visitorId,
    typeof customer.name === 'string' ? customer.name : null,
    typeof customer.email === 'string' ? customer.email : null,
    dto.assignedAgentId,
    dto.labels.join(' '),
    msg?.seq ?? null,
    msg?.author ?? null,
    msg?.authorUserId ?? null,
    msg?.createdAt ?? null,
    msg?.text ?? null,
    msg?.feedback ?? null,
    msg === null ? null : msg.sources.map((source) => source.title).join(' | '),
  ];
}
