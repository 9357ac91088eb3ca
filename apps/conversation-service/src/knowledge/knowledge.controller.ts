import {
  Body,
  Controller,
  createParamDecorator,
  Delete,
  type ExecutionContext,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import type { Request } from 'express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
  ApiExtraModels,
} from '@nestjs/swagger';
import {
  type ImportKnowledgeArticlesResultDto as ImportResult,
  type KnowledgeArticleDto,
  type KnowledgeArticleListDto,
  MAX_KNOWLEDGE_ARTICLES,
  MAX_KNOWLEDGE_IMPORT_ARTICLES,
  MAX_KNOWLEDGE_IMPORT_BYTES,
  type KnowledgeSearchResultDto as SearchResult,
} from '@neodesk/contracts';
import { CurrentCaller, RequireScope } from '../auth/auth.decorators';
import type { Caller } from '../auth/caller';
import { ApiProblems } from '../openapi/api-problems.decorator';
import { KnowledgeArticlesService } from './knowledge-articles.service';
import { readImportFile, type RequestWithImportFile } from './knowledge-import-body.middleware';
import type { KnowledgeImportFile } from './knowledge-import.parser';
import {
  CreateKnowledgeArticleRequestDto,
  ImportKnowledgeArticlesRequestDto,
  ImportKnowledgeArticlesResultDto,
  KnowledgeArticleIdParamsDto,
  KnowledgeArticleListQueryDto,
  KnowledgeArticleListResponseDto,
  KnowledgeArticleResponseDto,
  KnowledgeImportQueryDto,
  KnowledgeSearchRequestDto,
  KnowledgeSearchResultDto,
  UpdateKnowledgeArticleRequestDto,
} from './knowledge.dto';

/** The import file, read from the request once the guards let the caller in. */
const ImportBody = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Promise<Omit<KnowledgeImportFile, 'mode'>> => {
    const file = readImportFile(context.switchToHttp().getRequest<Request & RequestWithImportFile>());
    // Awaited by the handler; when a later parameter fails first, the failure is the answer and this one is moot.
    file.catch(() => undefined);
    return file;
  },
);

/** The workspace's help-centre articles the bot answers from: admins write them, every reader reads them. */
@ApiTags('Knowledge base')
@Controller('api/v1/knowledge')
export class KnowledgeController {
  constructor(@Inject(KnowledgeArticlesService) private readonly articles: KnowledgeArticlesService) {}

  @Get('articles')
  @RequireScope('read')
  @ApiOperation({
    summary: "The workspace's knowledge articles, newest change first",
    description: '`q` matches words in the title or body; `status` and `tag` filter.',
  })
  @ApiOkResponse({ type: KnowledgeArticleListResponseDto })
  @ApiProblems(400)
  list(
    @CurrentCaller() caller: Caller,
    @Query() query: KnowledgeArticleListQueryDto,
  ): Promise<KnowledgeArticleListDto> {
    return this.articles.list(caller.workspaceId, query);
  }

  @Post('articles')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Add an article',
    description: `Titles are unique in the workspace regardless of case (409 \`KNOWLEDGE_ARTICLE_TITLE_TAKEN\`); at most ${MAX_KNOWLEDGE_ARTICLES} articles (409 \`KNOWLEDGE_ARTICLE_LIMIT_REACHED\`). A published article is retrieved by the bot at once; a draft never.`,
  })
  @ApiCreatedResponse({ type: KnowledgeArticleResponseDto })
  @ApiProblems(400, 409, 413, 415)
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreateKnowledgeArticleRequestDto,
  ): Promise<KnowledgeArticleDto> {
    return this.articles.create(caller.workspaceId, body);
  }

  @Get('articles/:id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One article' })
  @ApiOkResponse({ type: KnowledgeArticleResponseDto })
  @ApiProblems(400, 404)
  get(@CurrentCaller() caller: Caller, @Param() params: KnowledgeArticleIdParamsDto): Promise<KnowledgeArticleDto> {
    return this.articles.get(caller.workspaceId, params.id);
  }

  @Patch('articles/:id')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Change an article',
    description: 'Only the fields sent change; a new title or body is split into passages again at once.',
  })
  @ApiOkResponse({ type: KnowledgeArticleResponseDto })
  @ApiProblems(400, 404, 409, 413, 415)
  update(
    @CurrentCaller() caller: Caller,
    @Param() params: KnowledgeArticleIdParamsDto,
    @Body() body: UpdateKnowledgeArticleRequestDto,
  ): Promise<KnowledgeArticleDto> {
    return this.articles.update(caller.workspaceId, params.id, body);
  }

  @Delete('articles/:id')
  @RequireScope('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove an article and its passages' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(400, 404)
  async remove(@CurrentCaller() caller: Caller, @Param() params: KnowledgeArticleIdParamsDto): Promise<void> {
    await this.articles.delete(caller.workspaceId, params.id);
  }

  @Post('import')
  @RequireScope('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import articles from a file',
    description: [
      `One file of at most ${MAX_KNOWLEDGE_IMPORT_BYTES / (1024 * 1024)} MiB (413 \`KNOWLEDGE_IMPORT_TOO_LARGE\`) and ${MAX_KNOWLEDGE_IMPORT_ARTICLES} articles, all imported or none:`,
      '- `application/json`: the body below.',
      '- `text/csv`: a header row `title,body[,tags][,status]` (any order), then one row per article; RFC 4180 quoting (fields with commas, quotes or line breaks in double quotes, a quote written `""`); tags separated by `;` or `|`.',
      '- `text/markdown`: one or more documents separated by a line `---`, each titled by its first `# ` heading.',
      'For CSV and Markdown, `?mode=create` refuses titles that exist (409); the default `upsert` replaces them.',
      'A file that cannot be read as its format answers 422 `KNOWLEDGE_IMPORT_UNREADABLE` naming the line; an invalid article 400 naming it (`body.articles.2.title`, `row 4.tags.0`, `document 3.body`).',
    ].join('\n\n'),
  })
  @ApiConsumes('application/json', 'text/csv', 'text/markdown')
  @ApiExtraModels(ImportKnowledgeArticlesRequestDto)
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(ImportKnowledgeArticlesRequestDto) },
        { type: 'string', description: 'A CSV or Markdown file' },
      ],
    },
  })
  @ApiOkResponse({ type: ImportKnowledgeArticlesResultDto })
  @ApiProblems(400, 409, 413, 415, 422)
  async import(
    @CurrentCaller() caller: Caller,
    @ImportBody() file: Promise<Omit<KnowledgeImportFile, 'mode'>>,
    @Query() query: KnowledgeImportQueryDto,
  ): Promise<ImportResult> {
    return this.articles.importFile(caller.workspaceId, { ...(await file), mode: query.mode });
  }

  @Post('search')
  @RequireScope('read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What the bot would retrieve for a question',
    description:
      'Passages of published articles matching any word of the query, best first (full-text rank, the title weighing most), at most two per article.',
  })
  @ApiOkResponse({ type: KnowledgeSearchResultDto })
  @ApiProblems(400)
  search(@CurrentCaller() caller: Caller, @Body() body: KnowledgeSearchRequestDto): Promise<SearchResult> {
    return this.articles.search(caller.workspaceId, body.query, body.limit);
  }
}
