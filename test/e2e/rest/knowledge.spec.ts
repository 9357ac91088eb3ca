import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  type ImportKnowledgeArticlesResultDto,
  type KnowledgeArticleDto,
  type KnowledgeArticleListDto,
  type KnowledgePassageDto,
  MAX_KNOWLEDGE_ARTICLES,
  MAX_KNOWLEDGE_BODY_LENGTH,
  MAX_KNOWLEDGE_IMPORT_BYTES,
  MAX_KNOWLEDGE_TITLE_LENGTH,
} from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { KnowledgeRetriever } from '../../../apps/conversation-service/src/knowledge/knowledge-retriever';
import { SAMPLE_KNOWLEDGE_BASE_MARKDOWN } from '../../../apps/conversation-service/src/knowledge/sample/sample-knowledge-base';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

describe('REST /api/v1/knowledge', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;

  beforeAll(async () => {
    app = await startTestApp();
  });

  beforeEach(async () => {
    tenant = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const list = async (query = '', token = tenant.keys.read): Promise<KnowledgeArticleDto[]> =>
    (
      (await http().get(`/api/v1/knowledge/articles${query}`).auth(token, { type: 'bearer' }).expect(200))
        .body as KnowledgeArticleListDto
    ).data;
  const create = (body: unknown, token = tenant.keys.admin) =>
    http()
      .post('/api/v1/knowledge/articles')
      .auth(token, { type: 'bearer' })
      .send(body as object);
  const importFile = (type: string, body: string | Buffer, token = tenant.keys.admin, query = '') =>
    http()
      .post(`/api/v1/knowledge/import${query}`)
      .auth(token, { type: 'bearer' })
      .set('Content-Type', type)
      .send(body);
  const search = async (query: string, token = tenant.keys.read, limit = 3): Promise<KnowledgePassageDto[]> =>
    (
      (await http().post('/api/v1/knowledge/search').auth(token, { type: 'bearer' }).send({ query, limit }).expect(200))
        .body as { data: KnowledgePassageDto[] }
    ).data;
  const importSample = async (token = tenant.keys.admin): Promise<ImportKnowledgeArticlesResultDto> =>
    (await importFile('text/markdown', SAMPLE_KNOWLEDGE_BASE_MARKDOWN, token).expect(200))
      .body as ImportKnowledgeArticlesResultDto;

  it('should create, read, list, change and delete an article, re-chunking it on change', async () => {
    const created = (
      await create({
        title: 'Shipping countries',
        body: '## Where we ship\n\nWe ship to **Germany** and [Austria](https://example.com/at).',
        tags: ['Shipping', 'eu'],
      }).expect(201)
    ).body as KnowledgeArticleDto;
    expect(created).toMatchObject({
      title: 'Shipping countries',
      tags: ['shipping', 'eu'],
      status: 'published',
      chunkCount: 1,
    });

    const read = (
      await http()
        .get(`/api/v1/knowledge/articles/${created.id}`)
        .auth(tenant.agent.accessToken, { type: 'bearer' })
        .expect(200)
    ).body as KnowledgeArticleDto;
    expect(read).toEqual(created);
    expect((await list()).map((article) => article.id)).toEqual([created.id]);
    expect(await search('austria')).toEqual([
      expect.objectContaining({
        articleId: created.id,
        title: 'Shipping countries',
        text: 'Where we ship. We ship to Germany and Austria.',
      }),
    ]);

    const changed = (
      await http()
        .patch(`/api/v1/knowledge/articles/${created.id}`)
        .auth(tenant.admin.accessToken, { type: 'bearer' })
        .send({ body: '## Where we ship\n\nWe ship to Switzerland only.\n\n## Costs\n\nShipping is free.' })
        .expect(200)
    ).body as KnowledgeArticleDto;
    expect(changed).toMatchObject({
      id: created.id,
      title: 'Shipping countries',
      tags: ['shipping', 'eu'],
      chunkCount: 2,
    });
    expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
    expect(await search('austria')).toEqual([]);
    expect((await search('switzerland')).map((passage) => passage.text)).toEqual([
      'Where we ship. We ship to Switzerland only.',
    ]);

    await http()
      .delete(`/api/v1/knowledge/articles/${created.id}`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(204);
    await http().get(`/api/v1/knowledge/articles/${created.id}`).auth(tenant.keys.read, { type: 'bearer' }).expect(404);
    await http()
      .delete(`/api/v1/knowledge/articles/${created.id}`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .expect(404);
    expect(await list()).toEqual([]);
    expect(await search('switzerland')).toEqual([]);
  });

  it('should filter the list by words, status and tag, newest change first', async () => {
    const a = (await create({ title: 'Returns', body: 'Return within 30 days.', tags: ['returns'] }).expect(201))
      .body as KnowledgeArticleDto;
    const b = (
      await create({
        title: 'Refunds',
        body: 'Refunds take 5 days.',
        tags: ['returns', 'money'],
        status: 'draft',
      }).expect(201)
    ).body as KnowledgeArticleDto;
    const c = (await create({ title: 'Hours', body: 'Open 9 to 5, 100% of weekdays.' }).expect(201))
      .body as KnowledgeArticleDto;

    expect((await list()).map((article) => article.id)).toEqual([c.id, b.id, a.id]);
    expect((await list('?status=draft')).map((article) => article.id)).toEqual([b.id]);
    expect((await list('?tag=returns')).map((article) => article.id)).toEqual([b.id, a.id]);
    expect((await list('?q=REFUND')).map((article) => article.id)).toEqual([b.id]);
    expect((await list('?q=100%25')).map((article) => article.id)).toEqual([c.id]);
    expect(await list('?q=_')).toEqual([]);
    const bad = await http()
      .get('/api/v1/knowledge/articles?status=archived&tag=Bad%20Tag')
      .auth(tenant.keys.read, { type: 'bearer' })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['query.status', 'query.tag']);
  });

  it('should refuse invalid articles with a problem naming each field', async () => {
    const response = await create({
      title: 'x'.repeat(MAX_KNOWLEDGE_TITLE_LENGTH + 1),
      body: '   ',
      tags: ['ok', 'not ok'],
      status: 'archived',
      extra: true,
    }).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect(response.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(fieldsOf(response.body)).toEqual(['body', 'body.body', 'body.status', 'body.tags.1', 'body.title']);

    await create({ title: 'Two\nlines', body: 'b' }).expect(400);
    await create({ title: 'Lone \ud800 surrogate', body: 'b' }).expect(400);
    await create({ title: 'Payments', body: 'Cards.' }).expect(201);
    const taken = await create({ title: 'PAYMENTS', body: 'Other.' }).expect(409);
    expect(taken.body).toMatchObject({ code: 'KNOWLEDGE_ARTICLE_TITLE_TAKEN' });

    const id = (await list())[0].id;
    const patch = (body: unknown) =>
      http()
        .patch(`/api/v1/knowledge/articles/${id}`)
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send(body as object);
    expect(fieldsOf((await patch({}).expect(400)).body)).toEqual(['body']);
    expect(fieldsOf((await patch({ body: '' }).expect(400)).body)).toEqual(['body.body']);
    await http()
      .patch('/api/v1/knowledge/articles/not-a-uuid')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ status: 'draft' })
      .expect(400);
    await http()
      .patch('/api/v1/knowledge/articles/5b1f6c2e-3a4d-4e8f-9b0a-7c6d5e4f3a21')
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ status: 'draft' })
      .expect(404);
  });

  it('should take a body of the most characters in any script, and refuse a larger request with 413', async () => {
    // 40,000 characters of CJK text are 120,000 bytes as UTF-8: over the API's usual 64 KiB.
    const body = '配'.repeat(MAX_KNOWLEDGE_BODY_LENGTH);
    const created = (await create({ title: 'Long article', body }).expect(201)).body as KnowledgeArticleDto;
    expect(created.body).toBe(body);
    await http()
      .patch(`/api/v1/knowledge/articles/${created.id}`)
      .auth(tenant.keys.admin, { type: 'bearer' })
      .send({ body: `${body.slice(1)}!` })
      .expect(200);
    const tooLong = await create({ title: 'Too long', body: 'a'.repeat(MAX_KNOWLEDGE_BODY_LENGTH + 1) }).expect(400);
    expect(fieldsOf(tooLong.body)).toEqual(['body.body']);
    const tooLarge = await create({ title: 'Too large', body: '配'.repeat(100_000) }).expect(413);
    expect(tooLarge.body).toMatchObject({ status: 413, detail: 'The body is larger than 256 KiB' });
    // Other routes keep the usual limit.
    await http()
      .post('/api/v1/knowledge/search')
      .auth(tenant.keys.read, { type: 'bearer' })
      .send({ query: 'x'.repeat(70_000) })
      .expect(413);
  });

  it(`should keep at most ${MAX_KNOWLEDGE_ARTICLES} articles in a workspace, answering 409 past it`, async () => {
    // Straight into the table: 1,999 articles through the API would take minutes.
    await app.get(DataSource).query(
      `INSERT INTO knowledge_articles (workspace_id, title, body)
       SELECT $1, 'Filler ' || n, 'Filler body.' FROM generate_series(1, $2::int) AS n`,
      [tenant.workspace.id, MAX_KNOWLEDGE_ARTICLES - 1],
    );
    await create({ title: 'The last one', body: 'Fits.' }).expect(201);
    const refused = await create({ title: 'One too many', body: 'Does not fit.' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'KNOWLEDGE_ARTICLE_LIMIT_REACHED' });
    await importFile('text/markdown', '# One too many\n\nNo.').expect(409);
    // Replacing an article needs no room.
    expect((await importFile('text/markdown', '# Filler 7\n\nNew body.').expect(200)).body).toMatchObject({
      created: 0,
      updated: 1,
    });
  });

  it('should let read and write keys and agents read and search but never write', async () => {
    await importSample();
    const article = (await list())[0];
    for (const token of [tenant.keys.read, tenant.keys.write, tenant.agent.accessToken]) {
      const refused = await create({ title: 'Nope', body: 'Nope.' }, token).expect(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/u);
      await http()
        .patch(`/api/v1/knowledge/articles/${article.id}`)
        .auth(token, { type: 'bearer' })
        .send({ status: 'draft' })
        .expect(403);
      await http().delete(`/api/v1/knowledge/articles/${article.id}`).auth(token, { type: 'bearer' }).expect(403);
      await importFile('text/markdown', '# Nope\n\nNope.', token).expect(403);
      expect((await list('', token)).length).toBe(11);
      expect((await search('apple pay', token)).length).toBeGreaterThan(0);
    }
    await http().get('/api/v1/knowledge/articles').expect(401);
    expect((await list()).find((item) => item.id === article.id)?.status).toBe('published');
  });

  it("should never list, read, change or retrieve another workspace's articles", async () => {
    await importSample();
    const other = await newRestTenant(app);
    const mine = await list();

    expect(await list('', other.keys.read)).toEqual([]);
    expect(await search('do you ship to austria?', other.keys.read)).toEqual([]);
    const retriever = app.get(KnowledgeRetriever);
    expect(await retriever.retrieve(other.workspace.id, { newest: 'do you ship to austria?', context: [] }, 3)).toEqual(
      [],
    );
    expect(
      await retriever.retrieve(tenant.workspace.id, { newest: 'do you ship to austria?', context: [] }, 3),
    ).not.toEqual([]);
    await http().get(`/api/v1/knowledge/articles/${mine[0].id}`).auth(other.keys.read, { type: 'bearer' }).expect(404);
    await http()
      .patch(`/api/v1/knowledge/articles/${mine[0].id}`)
      .auth(other.keys.admin, { type: 'bearer' })
      .send({ status: 'draft' })
      .expect(404);
    await http()
      .delete(`/api/v1/knowledge/articles/${mine[0].id}`)
      .auth(other.keys.admin, { type: 'bearer' })
      .expect(404);
    // The same titles are free in another workspace.
    expect((await importSample(other.keys.admin)).created).toBe(11);
    const theirs = await list('', other.keys.read);
    const passages = await retriever.retrieve(
      tenant.workspace.id,
      { newest: 'refunds apple pay austria saturday', context: [] },
      10,
    );
    expect(passages.length).toBeGreaterThan(3);
    expect(passages.every((passage) => mine.some((article) => article.id === passage.articleId))).toBe(true);
    expect(passages.some((passage) => theirs.some((article) => article.id === passage.articleId))).toBe(false);
  });

  describe('retrieval over the sample knowledge base', () => {
    const QUESTIONS: Array<[string, string]> = [
      ['do you ship to austria?', 'Shipping countries and delivery times'],
      ['can i pay with apple pay', 'Payment methods'],
      ['how long do refunds take', 'Refunds'],
      ['when are you open on saturday', 'Customer support opening hours'],
      ['What does shipping cost to France?', 'Shipping costs'],
      ['i forgot my password', 'Your account and password'],
      ['where is my order? I want to track it', 'Ordering and tracking your order'],
      ['Can I cancel my order?', 'Changing or cancelling an order'],
      ['how long is a gift card valid', 'Gift cards'],
      ['my discount code does not work', 'Discount codes'],
      ['can I send back shoes I dont like?', 'Returns'],
      ['Which payment methods do you accept?', 'Payment methods'],
      ['¿Hacen envíos a España? do you ship to spain', 'Shipping countries and delivery times'],
    ];

    it.each(QUESTIONS)('should rank the article answering %p first', async (question, title) => {
      await importSample();
      const passages = await search(question);
      expect(passages[0]?.title).toBe(title);
      expect(passages.length).toBeLessThanOrEqual(3);
      // At most two passages of one article.
      const perArticle = new Map<string, number>();
      passages.forEach((passage) => perArticle.set(passage.articleId, (perArticle.get(passage.articleId) ?? 0) + 1));
      expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(2);
      expect(passages.map((passage) => passage.score)).toEqual(
        [...passages.map((passage) => passage.score)].sort((x, y) => y - x),
      );
    });

    // Words the answer does not use ("how much" for a cost) or that another article shares ("take" and
    // "klarna" are both in the refunds article): full-text search still has the answer in its top three.
    it.each([
      ['How much is shipping?', 'Shipping costs'],
      ['Do you take Klarna?', 'Payment methods'],
      ['is there a phone number I can call?', 'Customer support opening hours'],
    ])('should have the article answering %p in the top three', async (question, title) => {
      await importSample();
      expect((await search(question)).map((passage) => passage.title)).toContain(title);
    });

    it('should let the earlier turns pick the article of a follow-up, the newest message weighing more', async () => {
      await importSample();
      const retriever = app.get(KnowledgeRetriever);
      const retrieve = (newest: string, context: string[]) =>
        retriever.retrieve(tenant.workspace.id, { newest, context }, 3);
      // "austria" is in the shipping countries and in the returns article: the earlier question decides.
      expect((await retrieve('and austria?', ['do you ship to germany?']))[0]?.title).toBe(
        'Shipping countries and delivery times',
      );
      expect((await retrieve('and austria?', ['are returns free from germany?']))[0]?.title).toBe('Returns');
      // A new subject wins over the context.
      expect((await retrieve('and apple pay?', ['do you ship to austria?', 'We ship to Austria.']))[0]?.title).toBe(
        'Payment methods',
      );
      // A follow-up whose own words are in no article ("peru") gets the context's articles.
      expect(
        (await retrieve('what about Peru?', ['do you ship to germany?'])).map((passage) => passage.title),
      ).toContain('Shipping countries and delivery times');
      // Context alone retrieves nothing for a message that is not a follow-up.
      expect(await retrieve('ok thanks', ['do you ship to austria?'])).toEqual([]);
    });

    it('should answer nothing for empty, stop-word-only or unmatched questions, and cope with any text', async () => {
      await importSample();
      const retriever = app.get(KnowledgeRetriever);
      expect(await search('what is it that you are?')).toEqual([]);
      expect(await search('?!')).toEqual([]);
      expect(await search('quantum chromodynamics')).toEqual([]);
      expect(await retriever.retrieve(tenant.workspace.id, { newest: '', context: ['apple pay'] }, 3)).toEqual([]);
      expect(await retriever.retrieve(tenant.workspace.id, { newest: 'refunds', context: [] }, 0)).toEqual([]);
      expect(
        await retriever.retrieve(
          tenant.workspace.id,
          { newest: "\u0000'\\\\ | & ! :* (refund) \ud800 😀 مرحبا 日本", context: ["'", '\\'] },
          3,
        ),
      ).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Refunds' })]));
      const long = `${'refund '.repeat(5_000)}apple pay`;
      const passages = await retriever.retrieve(
        tenant.workspace.id,
        { newest: long, context: [long, long, long, long, long] },
        50,
      );
      expect(passages.length).toBeGreaterThan(0);
      expect(passages.length).toBeLessThanOrEqual(10);
      const tooLong = await http()
        .post('/api/v1/knowledge/search')
        .auth(tenant.keys.read, { type: 'bearer' })
        .send({ query: 'x'.repeat(501) })
        .expect(400);
      expect(fieldsOf(tooLong.body)).toEqual(['body.query']);
    });

    it('should never retrieve drafts, and retrieve what an edit says at once', async () => {
      await importSample();
      const payments = (await list('?q=Apple%20Pay')).find((article) => article.title === 'Payment methods');
      expect(payments).toBeDefined();
      const patch = (body: unknown) =>
        http()
          .patch(`/api/v1/knowledge/articles/${payments?.id}`)
          .auth(tenant.keys.admin, { type: 'bearer' })
          .send(body as object)
          .expect(200);

      await patch({ status: 'draft' });
      expect((await search('can i pay with apple pay')).map((passage) => passage.title)).not.toContain(
        'Payment methods',
      );
      await patch({ status: 'published' });
      expect((await search('can i pay with apple pay'))[0].title).toBe('Payment methods');

      expect(await search('bitcoin')).toEqual([]);
      await patch({ body: 'We accept Visa, Mastercard and Bitcoin. Apple Pay is no longer accepted.' });
      const passages = await search('bitcoin');
      expect(passages[0]).toMatchObject({
        title: 'Payment methods',
        text: 'We accept Visa, Mastercard and Bitcoin. Apple Pay is no longer accepted.',
      });
    });
  });

  describe('import', () => {
    it('should import the sample Markdown bundle, then upsert it, or refuse existing titles in create mode', async () => {
      const first = await importSample();
      expect(first).toMatchObject({ created: 11, updated: 0 });
      expect(first.data.map((article) => article.title)).toContain('Customer support opening hours');
      expect(first.data.every((article) => article.chunkCount >= 1 && !article.body.startsWith('# '))).toBe(true);
      expect(await importSample()).toMatchObject({ created: 0, updated: 11 });
      const refused = await importFile(
        'text/markdown',
        '# Refunds\n\nNew text.',
        tenant.keys.admin,
        '?mode=create',
      ).expect(409);
      expect(refused.body).toMatchObject({ code: 'KNOWLEDGE_ARTICLE_TITLE_TAKEN' });
      expect(refused.body.detail).toContain('"Refunds"');
      expect(await list()).toHaveLength(11);
    });

    it('should import a JSON body and name the bad article of one', async () => {
      const ok = await importFile(
        'application/json',
        JSON.stringify({
          articles: [
            { title: 'A', body: 'Alpha.' },
            { title: 'B', body: 'Beta.', tags: ['x'], status: 'draft' },
          ],
        }),
      ).expect(200);
      expect(ok.body).toMatchObject({ created: 2, updated: 0 });
      expect((await list()).map((article) => [article.title, article.status])).toEqual(
        expect.arrayContaining([
          ['A', 'published'],
          ['B', 'draft'],
        ]),
      );
      const bad = await importFile(
        'application/json',
        JSON.stringify({
          articles: [
            { title: 'C', body: 'Gamma.' },
            { title: '', body: 'Delta.', tags: ['Bad Tag'] },
          ],
          mode: 'merge',
        }),
      ).expect(400);
      expect(fieldsOf(bad.body)).toEqual(['body.articles.1.tags.0', 'body.articles.1.title', 'body.mode']);
      const malformed = await importFile('application/json', '{"articles": [').expect(400);
      expect(malformed.body).toMatchObject({ code: 'MALFORMED_JSON' });
      const duplicate = await importFile(
        'application/json',
        JSON.stringify({
          articles: [
            { title: 'D', body: 'x' },
            { title: 'd', body: 'y' },
          ],
        }),
      ).expect(409);
      expect(duplicate.body.detail).toContain('articles 1 and 2');
      expect(await list()).toHaveLength(2);
    });

    it('should import CSV with RFC 4180 quoting, tags and status, naming the row of a bad one', async () => {
      const csv = [
        'Title,Body,Tags,Status',
        'Opening hours,"We are open Monday to Friday, 9 to 5.",hours;support,',
        '"Returns, refunds","Say ""return"" in the chat.',
        'Refunds take 5 days.",returns|money,draft',
        '',
      ].join('\r\n');
      const response = await importFile('text/csv; charset=utf-8', `\uFEFF${csv}`).expect(200);
      expect(response.body).toMatchObject({ created: 2 });
      const articles = await list();
      expect(articles.find((article) => article.title === 'Opening hours')).toMatchObject({
        body: 'We are open Monday to Friday, 9 to 5.',
        tags: ['hours', 'support'],
        status: 'published',
      });
      expect(articles.find((article) => article.title === 'Returns, refunds')).toMatchObject({
        body: 'Say "return" in the chat.\r\nRefunds take 5 days.',
        tags: ['returns', 'money'],
        status: 'draft',
      });

      const bad = await importFile('text/csv', 'title,body,tags\nOk,Fine,\n,Untitled,\nAlso ok,"",Bad Tag\n').expect(
        400,
      );
      expect(fieldsOf(bad.body)).toEqual(['row 3.title', 'row 4.body', 'row 4.tags.0']);
      const unclosed = await importFile('text/csv', 'title,body\nA,"never closed\n').expect(422);
      expect(unclosed.body).toMatchObject({ code: 'KNOWLEDGE_IMPORT_UNREADABLE' });
      expect(unclosed.body.detail).toContain('line 2');
      const ragged = await importFile('text/csv', 'title,body\nA,b,c\n').expect(422);
      expect(ragged.body.detail).toContain('row 2');
      const header = await importFile('text/csv', 'name,text\nA,b\n').expect(422);
      expect(header.body.detail).toContain('unknown column "name"');
      await importFile('text/csv', 'title,body\n').expect(422);
      expect(await list()).toHaveLength(2);
    });

    it('should import Markdown documents and refuse one without a title', async () => {
      const bundle = '# First\n\nOne.\n\n---\n\n# Second #\n\n```\n---\n```\n\nTwo.\n---\n\n\n';
      const response = await importFile('text/markdown', bundle).expect(200);
      expect(
        (response.body as ImportKnowledgeArticlesResultDto).data.map((article) => [article.title, article.body]),
      ).toEqual([
        ['First', 'One.'],
        ['Second', '```\n---\n```\n\nTwo.'],
      ]);
      const untitled = await importFile('text/markdown', '# Fine\n\nOk.\n---\nNo heading here.\n').expect(422);
      expect(untitled.body.detail).toContain('document 2 (from line 5)');
      const empty = await importFile('text/markdown', '# Title only\n').expect(400);
      expect(fieldsOf(empty.body)).toEqual(['document 1.body']);
    });

    it('should refuse files over the size limit with 413, and other types with 415', async () => {
      const big = Buffer.alloc(MAX_KNOWLEDGE_IMPORT_BYTES + 1, 'a');
      const response = await importFile('text/csv', big).expect(413);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/u);
      expect(response.body).toMatchObject({ code: 'KNOWLEDGE_IMPORT_TOO_LARGE' });
      // Larger than the API's usual 64 KiB, within the import's limit.
      const body = 'Long answer. '.repeat(2_500);
      await importFile('application/json', JSON.stringify({ articles: [{ title: 'Long', body }] })).expect(200);
      const unsupported = await importFile('application/xml', '<articles/>').expect(415);
      expect(unsupported.body).toMatchObject({ code: 'KNOWLEDGE_IMPORT_UNSUPPORTED_TYPE' });
      // The body is read only for an authenticated caller; the mode is checked too.
      await http()
        .post('/api/v1/knowledge/import')
        .set('Content-Type', 'text/csv')
        .send('title,body\nA,b\n')
        .expect(401);
      const mode = await importFile('text/csv', big, tenant.keys.admin, '?mode=merge');
      expect([400, 413]).toContain(mode.status);
      expect(
        fieldsOf(
          (await importFile('text/csv', 'title,body\nA,b\n', tenant.keys.admin, '?mode=merge').expect(400)).body,
        ),
      ).toEqual(['query.mode']);
      // An article's route reads up to 256 KiB: a body over its character limit is refused by field.
      expect(fieldsOf((await create({ title: 'Too long', body: 'x'.repeat(70_000) }).expect(400)).body)).toEqual([
        'body.body',
      ]);
    });
  });
});
