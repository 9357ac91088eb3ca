import { Controller, Get, Inject, Query, type StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { TRANSCRIPT_CSV_COLUMNS } from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { streamedExport } from './export-stream';
import {
  TrainingDataQueryDto,
  TrainingExampleResponseDto,
  TranscriptExportResponseDto,
  TranscriptsQueryDto,
} from './exports.dto';
import { ExportsService } from './exports.service';

/** Streamed exports of the caller's workspace, never anything of another. */
@ApiTags('Exports')
@Controller('api/v1/exports')
@ApiExtraModels(TrainingExampleResponseDto, TranscriptExportResponseDto)
export class ExportsController {
  constructor(@Inject(ExportsService) private readonly exports: ExportsService) {}

  @Get('training-data')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Training data for the bundled model, as JSON lines in its chat format',
    description:
      'One example per line, oldest reply first: a bot reply rated positive (`bot_positive`) or an agent answer ' +
      'to a customer after the conversation went to a person (`agent_after_handoff`), with the dialogue before ' +
      'it (up to the 40 turns a bot reply is built from). `text` is what `tools/model/train.py` trains on; ' +
      '`turns` and `completion` are the same without formatting. Streamed: a response that ends without its ' +
      'final chunk was cut short.',
  })
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    description: 'One JSON object per line',
    content: { 'application/x-ndjson': { schema: { $ref: getSchemaPath(TrainingExampleResponseDto) } } },
  })
  @ApiProblems(400)
  async trainingData(@CurrentCaller() caller: Caller, @Query() query: TrainingDataQueryDto): Promise<StreamableFile> {
    return streamedExport(this.exports.trainingData(caller.workspaceId, query), {
      type: 'application/x-ndjson; charset=utf-8',
      filename: 'training-data.jsonl',
    });
  }

  @Get('transcripts')
  @RequireScope('read')
  @ApiOperation({
    summary: 'Transcripts of conversations, as CSV or JSON',
    description:
      'Conversations oldest first with all their messages. CSV (RFC 4180, UTF-8): one record per message ' +
      `with the columns ${TRANSCRIPT_CSV_COLUMNS.join(', ')}; a cell a spreadsheet would run as a formula ` +
      "(starting with = + - @) is prefixed with '. Streamed: a response that ends without its final chunk " +
      'was cut short.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The transcripts',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(TranscriptExportResponseDto) } },
      'text/csv': {
        schema: { type: 'string' },
        example:
          `${TRANSCRIPT_CSV_COLUMNS.join(',')}\r\n` +
          '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44,2026-11-26T10:00:00.000Z,resolved,api,crm-contact-4711,' +
          'Ada Lovelace,ada@example.com,,billing,1,customer,,2026-11-26T10:00:00.000Z,"Hello, where is my order?",\r\n',
      },
    },
  })
  @ApiProblems(400)
  async transcripts(@CurrentCaller() caller: Caller, @Query() query: TranscriptsQueryDto): Promise<StreamableFile> {
    return query.format === 'csv'
      ? streamedExport(this.exports.transcriptsCsv(caller.workspaceId, query), {
          type: 'text/csv; charset=utf-8',
          filename: 'transcripts.csv',
        })
      : streamedExport(this.exports.transcriptsJson(caller.workspaceId, query), {
          type: 'application/json; charset=utf-8',
          filename: 'transcripts.json',
        });
  }
}
