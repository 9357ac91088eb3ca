import type { NestExpressApplication } from '@nestjs/platform-express';
import type { MessageAuthor, MessageSourceDto, TrainingExampleDto, TranscriptExportDto } from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../../../apps/conversation-service/src/api-keys/api-keys.service';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const EOT = '<|endoftext|>';
/** The knowledge-base articles a seeded bot reply drew on. */
const RETURN_SOURCES: MessageSourceDto[] = [
  { articleId: '5b1f6c2e-3a4d-4e8f-9b0a-7c6d5e4f3a21', title: 'Returns and refunds' },
  { articleId: '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f', title: 'Payment methods' },
];

/** A conversation as seeded: its id and each message's id by sequence number. */
interface Seeded {
  id: string;
  messageIds: Record<number, string>;
}

describe('REST /api/v1/exports', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;
  /** Conversations of `tenant`: handed to a person, answered by the bot, resolved, empty. */
  let handedOver: Seeded;
  let botOnly: Seeded;
  let resolved: Seeded;
  let empty: Seeded;
  let theirs: Seeded;

  const http = () => request(app.getHttpServer());
  const db = () => app.get(DataSource);

  /** Stores the messages through the chat rules, then pins timestamps so date filters are exact. */
  async function seed(
    workspace: RestTenant,
    day: string,
    script: Array<{
      author: MessageAuthor;
      text: string;
      feedback?: 'positive' | 'negative';
      status?: 'human';
      sources?: MessageSourceDto[];
    }>,
    customer: Record<string, string> = { name: 'Ada Lovelace', email: 'ada@example.com' },
  ): Promise<Seeded> {
    const conversations = app.get(ConversationsService);
    const conversation = await conversations.create(workspace.workspace.id, {
      visitorId: `crm-${day}`,
      channel: 'api',
      customer,
    });
    const messageIds: Record<number, string> = {};
    for (const step of script) {
      if (step.status === 'human') {
        await conversations.changeStatus(workspace.workspace.id, conversation.id, {
          status: 'human',
          assignedAgentId: workspace.agent.user.id,
        });
      }
      const { message } = await app.get(MessagesService).append(workspace.workspace.id, conversation.id, {
        author: step.author,
        text: step.text,
        authorUserId: step.author === 'agent' ? workspace.agent.user.id : null,
        sources: step.sources,
      });
      messageIds[message.seq] = message.id;
      if (step.feedback !== undefined) {
        await db().query(`UPDATE messages SET feedback = $1 WHERE id = $2`, [step.feedback, message.id]);
      }
    }
    await db().query(`UPDATE conversations SET created_at = $1::timestamptz WHERE id = $2`, [
      `${day}T09:00:00Z`,
      conversation.id,
    ]);
    await db().query(
      `UPDATE messages SET created_at = $1::timestamptz + seq * interval '1 minute' WHERE conversation_id = $2`,
      [`${day}T09:00:00Z`, conversation.id],
    );
    return { id: conversation.id, messageIds };
  }

  const at = (day: string, seq: number): string =>
    new Date(Date.parse(`${day}T09:00:00Z`) + seq * 60_000).toISOString();

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await newRestTenant(app);
    other = await newRestTenant(app);
    handedOver = await seed(tenant, '2026-01-10', [
      { author: 'customer', text: 'Hi, where is my order A-1001?' },
      { author: 'bot', text: 'Let me check your order.', feedback: 'positive' },
      { author: 'customer', text: '  It should have arrived yesterday. ' },
      { author: 'bot', text: 'Sorry, I do not know.', feedback: 'negative' },
      { author: 'system', text: 'A member of our team will take over.' },
      { author: 'agent', text: 'It left our warehouse this morning.', status: 'human' },
      { author: 'agent', text: 'Anything else?' },
      { author: 'customer', text: 'No, thanks' },
      { author: 'agent', text: 'Have a nice day!' },
    ]);
    botOnly = await seed(tenant, '2026-01-11', [
      { author: 'customer', text: 'Can I get a refund?' },
      { author: 'bot', text: 'Yes, within 30 days.', feedback: 'positive', sources: RETURN_SOURCES },
      { author: 'customer', text: 'Great' },
      { author: 'bot', text: 'Anything else?' },
    ]);
    resolved = await seed(
      tenant,
      '2026-01-12',
      [{ author: 'customer', text: '=HYPERLINK("http://evil.example","open"), then "quotes"\nand a new line' }],
      { name: '@SUM(A1)', email: '-x@example.com' },
    );
    await app.get(ConversationsService).changeStatus(tenant.workspace.id, resolved.id, { status: 'resolved' });
    empty = await seed(tenant, '2026-01-13', []);
    theirs = await seed(other, '2026-01-10', [
      { author: 'customer', text: 'Their question' },
      { author: 'bot', text: 'Their answer', feedback: 'positive' },
      { author: 'agent', text: 'Their agent', status: 'human' },
    ]);
  });

  afterAll(async () => {
    await app.close();
  });

  const trainingData = async (query: Record<string, string> = {}, token = tenant.keys.admin) => {
    const response = await http()
      .get('/api/v1/exports/training-data')
      .query(query)
      .auth(token, { type: 'bearer' })
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    return response;
  };
  const lines = async (query: Record<string, string> = {}): Promise<TrainingExampleDto[]> => {
    const text = (await trainingData(query)).body as string;
    expect(text.endsWith('\n') || text === '').toBe(true);
    return text
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as TrainingExampleDto);
  };

  describe('GET /training-data', () => {
    it('should export exactly the expected JSON lines of the workspace, oldest reply first', async () => {
      const response = await trainingData();
      expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="training-data.jsonl"');
      expect(response.headers['transfer-encoding']).toBe('chunked');
      const examples = await lines();
      expect(examples.map((example) => [example.conversationId, example.messageSeq, example.source])).toEqual([
        [handedOver.id, 2, 'bot_positive'],
        [handedOver.id, 6, 'agent_after_handoff'],
        [handedOver.id, 9, 'agent_after_handoff'],
        [botOnly.id, 2, 'bot_positive'],
      ]);
      const history = [
        { speaker: 'customer', text: 'Hi, where is my order A-1001?' },
        { speaker: 'agent', text: 'Let me check your order.' },
        { speaker: 'customer', text: '  It should have arrived yesterday. ' },
      ];
      expect(examples[0]).toEqual({
        conversationId: handedOver.id,
        messageId: handedOver.messageIds[2],
        messageSeq: 2,
        createdAt: at('2026-01-10', 2),
        source: 'bot_positive',
        persona: null,
        turns: history.slice(0, 1),
        completion: 'Let me check your order.',
        prompt: `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent:`,
        text: `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}`,
      });
      // The agent's answer replaces the bot's (seq 4, rated negative); the system notice is no turn.
      expect(examples[1]).toEqual({
        conversationId: handedOver.id,
        messageId: handedOver.messageIds[6],
        messageSeq: 6,
        createdAt: at('2026-01-10', 6),
        source: 'agent_after_handoff',
        persona: null,
        turns: history,
        completion: 'It left our warehouse this morning.',
        prompt:
          `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}` +
          `Customer: It should have arrived yesterday.${EOT}Agent:`,
        text:
          `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}` +
          `Customer: It should have arrived yesterday.${EOT}Agent: It left our warehouse this morning.${EOT}`,
      });
      // Seq 7 follows the agent's own answer: no example. Seq 9 answers the customer's seq 8.
      expect(examples[2]).toEqual({
        conversationId: handedOver.id,
        messageId: handedOver.messageIds[9],
        messageSeq: 9,
        createdAt: at('2026-01-10', 9),
        source: 'agent_after_handoff',
        persona: null,
        turns: [
          ...history,
          { speaker: 'agent', text: 'Sorry, I do not know.' },
          { speaker: 'agent', text: 'It left our warehouse this morning.' },
          { speaker: 'agent', text: 'Anything else?' },
          { speaker: 'customer', text: 'No, thanks' },
        ],
        completion: 'Have a nice day!',
        prompt:
          `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}` +
          `Customer: It should have arrived yesterday.${EOT}Agent: Sorry, I do not know.${EOT}` +
          `Agent: It left our warehouse this morning.${EOT}Agent: Anything else?${EOT}Customer: No, thanks${EOT}Agent:`,
        text:
          `${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}` +
          `Customer: It should have arrived yesterday.${EOT}Agent: Sorry, I do not know.${EOT}` +
          `Agent: It left our warehouse this morning.${EOT}Agent: Anything else?${EOT}Customer: No, thanks${EOT}` +
          `Agent: Have a nice day!${EOT}`,
      });
      expect(examples[3]).toMatchObject({
        messageId: botOnly.messageIds[2],
        turns: [{ speaker: 'customer', text: 'Can I get a refund?' }],
        text: `${EOT}Customer: Can I get a refund?${EOT}Agent: Yes, within 30 days.${EOT}`,
      });
      // Nothing of the other workspace, whose rows interleave in time with these.
      expect(JSON.stringify(examples)).not.toMatch(/Their|${theirs.id}/);
    });

    it('should filter by source and by the reply time (from inclusive, to exclusive)', async () => {
      const ids = (examples: TrainingExampleDto[]) => examples.map((example) => example.messageId);
      expect(ids(await lines({ source: 'bot_positive' }))).toEqual([handedOver.messageIds[2], botOnly.messageIds[2]]);
      expect(ids(await lines({ source: 'agent_after_handoff' }))).toEqual([
        handedOver.messageIds[6],
        handedOver.messageIds[9],
      ]);
      expect(ids(await lines({ from: '2026-01-11' }))).toEqual([botOnly.messageIds[2]]);
      expect(ids(await lines({ to: '2026-01-11' }))).toEqual([
        handedOver.messageIds[2],
        handedOver.messageIds[6],
        handedOver.messageIds[9],
      ]);
      expect(ids(await lines({ from: at('2026-01-10', 9), to: at('2026-01-11', 2) }))).toEqual([
        handedOver.messageIds[9],
      ]);
      expect(await lines({ from: '2027-01-01' })).toEqual([]);
    });

    it("should start every prompt with the workspace's persona when asked", async () => {
      await http()
        .patch('/api/v1/bot-settings')
        .auth(tenant.keys.admin, { type: 'bearer' })
        .send({ persona: 'You are Neo.' })
        .expect(200);
      const [first] = await lines({ persona: 'true', source: 'bot_positive' });
      expect(first).toMatchObject({
        persona: 'You are Neo.',
        prompt: `${EOT}System: You are Neo.${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent:`,
        text: `${EOT}System: You are Neo.${EOT}Customer: Hi, where is my order A-1001?${EOT}Agent: Let me check your order.${EOT}`,
      });
      expect((await lines({ persona: 'false' }))[0].persona).toBeNull();
    });

    it('should walk past one page, each reply once, with at most the 40 turns before it', async () => {
      const long = await seed(tenant, '2026-02-01', []);
      // 1,300 alternating messages: 650 agent answers, more than two pages of candidates.
      await db().query(
        `INSERT INTO messages (workspace_id, conversation_id, seq, author, text, author_user_id, created_at)
         SELECT $1, $2, n, CASE WHEN n % 2 = 1 THEN 'customer' ELSE 'agent' END, 'message ' || n,
                CASE WHEN n % 2 = 0 THEN $3::uuid END, '2026-02-01T10:00:00Z'::timestamptz + n * interval '1 second'
         FROM generate_series(1, 1300) AS n`,
        [tenant.workspace.id, long.id, tenant.agent.user.id],
      );
      await db().query(`UPDATE conversations SET last_seq = 1300 WHERE id = $1`, [long.id]);
      const examples = await lines({ from: '2026-02-01', to: '2026-02-02' });
      expect(examples.map((example) => example.messageSeq)).toEqual(Array.from({ length: 650 }, (_, i) => 2 * (i + 1)));
      expect(examples[0].turns).toEqual([{ speaker: 'customer', text: 'message 1' }]);
      const last = examples[examples.length - 1];
      expect(last.turns).toHaveLength(40);
      expect(last.turns[0].text).toBe('message 1260');
      expect(last.turns[39]).toEqual({ speaker: 'customer', text: 'message 1299' });
      expect(last.completion).toBe('message 1300');
    });

    it('should answer 400 for bad filters', async () => {
      const bad = async (query: Record<string, string>) =>
        fieldsOf(
          (
            await http()
              .get('/api/v1/exports/training-data')
              .query(query)
              .auth(tenant.keys.admin, { type: 'bearer' })
              .expect(400)
          ).body,
        );
      expect(await bad({ from: 'yesterday', source: 'bot', persona: 'yes' })).toEqual([
        'query.from',
        'query.persona',
        'query.source',
      ]);
      expect(await bad({ from: '2026-01-11', to: '2026-01-10' })).toEqual(['query.to']);
      expect(await bad({ workspaceId: other.workspace.id })).toEqual(['query']);
    });

    it("should give another workspace's key only that workspace's examples", async () => {
      const text = (await trainingData({}, other.keys.admin)).body as string;
      const examples = text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as TrainingExampleDto);
      expect(examples.map((example) => [example.conversationId, example.completion])).toEqual([
        [theirs.id, 'Their answer'],
        [theirs.id, 'Their agent'],
      ]);
    });

    it('should refuse without credentials, with a revoked key, and without the admin scope', async () => {
      const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['admin'] });
      await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
      const path = '/api/v1/exports/training-data';
      expect((await http().get(path).expect(401)).body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect((await http().get(path).auth(revoked.key, { type: 'bearer' }).expect(401)).body.code).toBe(
        'AUTH_INVALID_API_KEY',
      );
      for (const token of [tenant.keys.read, tenant.keys.write, tenant.agent.accessToken]) {
        expect((await http().get(path).auth(token, { type: 'bearer' }).expect(403)).body.code).toBe(
          'AUTH_INSUFFICIENT_SCOPE',
        );
      }
      await trainingData({}, tenant.admin.accessToken);
    });
  });

  describe('GET /transcripts', () => {
    const transcripts = async (query: Record<string, string>, token = tenant.keys.read) =>
      http().get('/api/v1/exports/transcripts').query(query).auth(token, { type: 'bearer' }).expect(200);
    const json = async (query: Record<string, string> = {}, token = tenant.keys.read) =>
      (await transcripts({ to: '2026-01-31', ...query, format: 'json' }, token)).body as TranscriptExportDto;

    it('should export the conversations with all their messages as JSON, oldest first', async () => {
      const response = await transcripts({ format: 'json', to: '2026-01-31' });
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      const body = response.body as TranscriptExportDto;
      expect(body.data.map((item) => [item.conversation.id, item.messages.map((message) => message.seq)])).toEqual([
        [handedOver.id, [1, 2, 3, 4, 5, 6, 7, 8, 9]],
        [botOnly.id, [1, 2, 3, 4]],
        [resolved.id, [1]],
        [empty.id, []],
      ]);
      expect(body.data[0].conversation).toMatchObject({
        workspaceId: tenant.workspace.id,
        status: 'human',
        customer: { name: 'Ada Lovelace' },
        createdAt: '2026-01-10T09:00:00.000Z',
      });
      expect(body.data[0].messages[1]).toMatchObject({
        id: handedOver.messageIds[2],
        author: 'bot',
        text: 'Let me check your order.',
        feedback: 'positive',
        createdAt: at('2026-01-10', 2),
      });
      expect(body.data[0].messages[5]).toMatchObject({ author: 'agent', authorUserId: tenant.agent.user.id });
      expect(body.data[1].messages.map((message) => message.sources)).toEqual([[], RETURN_SOURCES, [], []]);
    });

    it("should list the titles of a bot reply's sources in the CSV's last column", async () => {
      const records = parseCsv((await transcripts({ format: 'csv', from: '2026-01-11', to: '2026-01-12' })).text);
      expect(records[0].at(-1)).toBe('sources');
      expect(records.slice(1).map((record) => [record[13], record.at(-1)])).toEqual([
        ['Can I get a refund?', ''],
        ['Yes, within 30 days.', 'Returns and refunds | Payment methods'],
        ['Great', ''],
        ['Anything else?', ''],
      ]);
    });

    it('should filter by status and creation time', async () => {
      const ids = (body: TranscriptExportDto) => body.data.map((item) => item.conversation.id);
      expect(ids(await json({ status: 'resolved' }))).toEqual([resolved.id]);
      expect(ids(await json({ status: 'bot,human' }))).toEqual([handedOver.id, botOnly.id, empty.id]);
      expect(ids(await json({ from: '2026-01-11', to: '2026-01-13' }))).toEqual([botOnly.id, resolved.id]);
      expect(await json({ from: '2030-01-01T00:00:00Z', to: '2030-01-02T00:00:00Z' })).toEqual({ data: [] });
    });

    it('should write CSV with a header, one escaped record per message, and formulas defused', async () => {
      const response = await transcripts({ format: 'csv', status: 'resolved' });
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe('attachment; filename="transcripts.csv"');
      const records = parseCsv(response.text);
      expect(records[0]).toEqual([
        'conversation_id',
        'conversation_created_at',
        'status',
        'channel',
        'visitor_id',
        'customer_name',
        'customer_email',
        'assigned_agent_id',
        'labels',
        'seq',
        'author',
        'author_user_id',
        'message_created_at',
        'text',
        'feedback',
        'sources',
      ]);
      expect(records.slice(1)).toEqual([
        [
          resolved.id,
          '2026-01-12T09:00:00.000Z',
          'resolved',
          'api',
          'crm-2026-01-12',
          "'@SUM(A1)",
          "'-x@example.com",
          '',
          '',
          '1',
          'customer',
          '',
          at('2026-01-12', 1),
          `'=HYPERLINK("http://evil.example","open"), then "quotes"\nand a new line`,
          '',
          '',
        ],
      ]);
      expect(response.text).toContain(
        '"\'=HYPERLINK(""http://evil.example"",""open""), then ""quotes""\nand a new line"',
      );
      expect(response.text.endsWith('\r\n')).toBe(true);
    });

    it('should give a conversation without messages one record, and walk long conversations across pages', async () => {
      const emptyRecords = parseCsv((await transcripts({ format: 'csv', from: '2026-01-13', to: '2026-01-14' })).text);
      expect(emptyRecords.slice(1).map((record) => [record[0], record[9], record[13]])).toEqual([[empty.id, '', '']]);
      const all = parseCsv((await transcripts({ format: 'csv', from: '2026-02-01', to: '2026-02-02' })).text);
      expect(all.slice(1).map((record) => Number(record[9]))).toEqual(Array.from({ length: 1300 }, (_, i) => i + 1));
      const asJson = (await transcripts({ format: 'json', from: '2026-02-01', to: '2026-02-02' }))
        .body as TranscriptExportDto;
      expect(asJson.data).toHaveLength(1);
      expect(asJson.data[0].messages.map((message) => message.seq)).toEqual(
        Array.from({ length: 1300 }, (_, i) => i + 1),
      );
    });

    it('should keep workspaces apart and answer 400 for bad filters', async () => {
      const theirsOnly = await json({}, other.keys.read);
      expect(theirsOnly.data.map((item) => item.conversation.id)).toEqual([theirs.id]);
      const mine = await json();
      expect(mine.data.map((item) => item.conversation.id)).not.toContain(theirs.id);
      const bad = await http()
        .get('/api/v1/exports/transcripts')
        .query({ format: 'xml', status: 'open', to: 'soon' })
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400);
      expect(fieldsOf(bad.body)).toEqual(['query.format', 'query.status.0', 'query.to']);
    });

    it('should refuse without credentials and with a revoked key; any scope may read', async () => {
      const revoked = await app.get(ApiKeysService).create(tenant.workspace.id, null, { name: 'r', scopes: ['read'] });
      await app.get(ApiKeysService).revoke(tenant.workspace.id, revoked.id);
      const path = '/api/v1/exports/transcripts';
      expect((await http().get(path).expect(401)).body.code).toBe('AUTH_MISSING_CREDENTIALS');
      expect((await http().get(path).auth(revoked.key, { type: 'bearer' }).expect(401)).body.code).toBe(
        'AUTH_INVALID_API_KEY',
      );
      for (const token of [tenant.keys.write, tenant.keys.admin, tenant.agent.accessToken]) {
        await http().get(path).query({ format: 'csv' }).auth(token, { type: 'bearer' }).expect(200);
      }
    });
  });
});

/** RFC 4180 records, as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else {
      cell += char;
    }
  }
  expect(cell).toBe('');
  return records;
}
