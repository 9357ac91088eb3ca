import type { NestExpressApplication } from '@nestjs/platform-express';
import type {
  AgentReportDto,
  ConversationFiguresDto,
  ConversationReportDto,
  MessageReportDto,
} from '@neodesk/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ChatService } from '../../../apps/conversation-service/src/chat/chat.service';
import { ConversationsService } from '../../../apps/conversation-service/src/conversations/conversations.service';
import { MessagesService } from '../../../apps/conversation-service/src/messages/messages.service';
import { DAY, type ReportStep, SECOND, gen, seedConversation } from '../../support/report-seed';
import { type RestTenant, fieldsOf, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

/**
 * Conversations with known timings (see each figure's hand computation below), seeded through the app's
 * own services with every timestamp then pinned to the script's (test/support/report-seed.ts).
 */
describe('REST /api/v1/reports', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  const http = () => request(app.getHttpServer());
  const db = () => app.get(DataSource);

  const seed = (workspace: RestTenant, startedAt: string, steps: ReportStep[], score?: number): Promise<string> =>
    seedConversation(
      app,
      {
        workspaceId: workspace.workspace.id,
        people: { agent: workspace.agent.user.id, admin: workspace.admin.user.id },
      },
      startedAt,
      steps,
      score,
    );

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await newRestTenant(app);
    other = await newRestTenant(app);
    // A: the bot answers twice and resolves; contained; rated 5.
    await seed(
      tenant,
      '2026-03-02T10:00:00Z',
      [
        { at: 0, customer: 'Where is my order?' },
        { at: 2 * SECOND, bot: 'It ships today.', ...gen(400, 20, 1000), rating: 'positive' },
        { at: 60 * SECOND, customer: 'Thanks' },
        { at: 63 * SECOND, bot: 'You are welcome.', ...gen(600, 30, 2000) },
        { at: 120 * SECOND, resolve: true },
      ],
      5,
    );
    // B: the bot answers, the customer goes quiet (idle, still with the bot); contained.
    await seed(tenant, '2026-03-03T10:00:00Z', [
      { at: 0, customer: 'Opening hours?' },
      { at: 4 * SECOND, bot: '9 to 5.', ...gen(800, 10, 1000), rating: 'negative' },
    ]);
    // C: the visitor's button; an agent answers 120 s after the handoff and resolves; rated 2.
    await seed(
      tenant,
      '2026-03-04T10:00:00Z',
      [
        { at: 0, customer: 'My card was charged twice' },
        { at: 1 * SECOND, bot: 'Let me check.', ...gen(200, 40, 2000) },
        { at: 30 * SECOND, handoff: 'visitor_request' },
        { at: 90 * SECOND, takeover: 'agent' },
        { at: 150 * SECOND, agent: 'agent' },
        { at: 600 * SECOND, resolve: true },
      ],
      2,
    );
    // D: a handoff phrase; an agent answers 60 s later; still open.
    await seed(tenant, '2026-03-05T10:00:00Z', [
      { at: 0, customer: 'Hello' },
      { at: 3 * SECOND, bot: 'Hi!', ...gen(300, 10, 500) },
      { at: 20 * SECOND, customer: 'talk to a human' },
      { at: 20 * SECOND, handoff: 'handoff_phrase' },
      { at: 40 * SECOND, takeover: 'agent' },
      { at: 80 * SECOND, agent: 'agent' },
    ]);
    // E: no worker: the fallback and the queue, no bot message, nobody answers.
    await seed(tenant, '2026-03-06T10:00:00Z', [
      { at: 0, customer: 'Hello?' },
      { at: 10 * SECOND, handoff: 'bot_unavailable' },
    ]);
    // F: the bot fails on the second message; an agent answers 120 s after the handoff; rated 4.
    await seed(
      tenant,
      '2026-03-07T10:00:00Z',
      [
        { at: 0, customer: 'Refund please' },
        { at: 2 * SECOND, bot: 'Which order?', ...gen(250, 5, 400) },
        { at: 30 * SECOND, customer: 'A-1001' },
        { at: 40 * SECOND, handoff: 'bot_failed' },
        { at: 100 * SECOND, takeover: 'agent' },
        { at: 160 * SECOND, agent: 'agent' },
        { at: 300 * SECOND, resolve: true },
      ],
      4,
    );
    // G: the admin takes over from the bot and answers 20 s later, then resolves.
    await seed(tenant, '2026-03-08T10:00:00Z', [
      { at: 0, customer: 'Cancel my plan' },
      { at: 5 * SECOND, bot: 'Sure, why?', ...gen(500, 25, 1000) },
      { at: 50 * SECOND, takeover: 'admin' },
      { at: 70 * SECOND, agent: 'admin' },
      { at: 200 * SECOND, resolve: true },
    ]);
    // H: a support system queues it over the API; nobody answers yet.
    await seed(tenant, '2026-03-09T10:00:00Z', [
      { at: 0, customer: 'Invoice?' },
      { at: 1 * SECOND, bot: 'Which month?', ...gen(100, 10, 250) },
      { at: 15 * SECOND, handoff: 'api_request' },
    ]);
    // I: resolved, reopened by the customer 2 days later, resolved again: not contained.
    await seed(tenant, '2026-03-10T10:00:00Z', [
      { at: 0, customer: 'Password reset?' },
      { at: 2 * SECOND, bot: 'Use the link.', ...gen(300, 10, 500) },
      { at: 60 * SECOND, resolve: true },
      { at: 2 * DAY, customer: 'The link expired' },
      { at: 2 * DAY + 3 * SECOND, bot: 'Here is a new one.', ...gen(300, 10, 500) },
      { at: 2 * DAY + 60 * SECOND, resolve: true },
    ]);
    // J: resolved, reopened 8 days later (a new question), resolved again: contained.
    await seed(tenant, '2026-03-11T10:00:00Z', [
      { at: 0, customer: 'Shipping cost?' },
      { at: 2 * SECOND, bot: 'Free over 50.', ...gen(300, 10, 500) },
      { at: 60 * SECOND, resolve: true },
      { at: 8 * DAY, customer: 'And to Canada?' },
      { at: 8 * DAY + 2 * SECOND, bot: '15.', ...gen(300, 10, 500) },
      { at: 8 * DAY + 60 * SECOND, resolve: true },
    ]);
    // L: a widget session nobody wrote in.
    await seed(tenant, '2026-03-12T10:00:00Z', []);
    // M: the visitor asks for a person before the bot answered anything: not a bot conversation.
    await seed(tenant, '2026-03-13T10:00:00Z', [
      { at: 0, customer: 'Human please' },
      { at: 5 * SECOND, handoff: 'visitor_request' },
    ]);
    // K: 23:30 UTC on the 14th is 00:30 on the 15th in Paris; idle with the bot: contained.
    await seed(tenant, '2026-03-14T23:30:00Z', [
      { at: 0, customer: 'Late question' },
      { at: 1 * SECOND, bot: 'Late answer', ...gen(100, 10, 500) },
    ]);
    // Outside the range, and another workspace inside it: never counted.
    await seed(tenant, '2026-02-27T10:00:00Z', [
      { at: 0, customer: 'February' },
      { at: 1 * SECOND, bot: 'Answer', ...gen(100, 10, 500) },
    ]);
    await seed(
      other,
      '2026-03-04T10:00:00Z',
      [
        { at: 0, customer: 'Theirs' },
        { at: 1 * SECOND, bot: 'Theirs', ...gen(9000, 99, 9000), rating: 'positive' },
        { at: 5 * SECOND, handoff: 'visitor_request' },
        { at: 6 * SECOND, takeover: 'agent' },
        { at: 7 * SECOND, agent: 'agent' },
        { at: 8 * SECOND, resolve: true },
      ],
      5,
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const get = async <T>(route: string, query: Record<string, string>, token = tenant.keys.read): Promise<T> =>
    (await http().get(`/api/v1/reports/${route}`).query(query).auth(token, { type: 'bearer' }).expect(200)).body as T;

  const MARCH = { from: '2026-03-01', to: '2026-04-01', groupBy: 'month' };

  it('should count conversation figures of the range as computed by hand', async () => {
    const report = await get<ConversationReportDto>('conversations', MARCH);
    expect(report).toMatchObject({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      groupBy: 'month',
      timeZone: 'UTC',
    });
    const expected: ConversationFiguresDto = {
      // A to M: 13; the February one and the other workspace's are left out.
      started: 13,
      // All but L (no message) and M (a person asked for before any bot message); E by its bot_unavailable.
      botConversations: 11,
      // A (resolved), B and K (idle with the bot), J (reopened after 8 days); not I (reopened after 2 days).
      contained: 4,
      containmentRate: 4 / 11,
      handedOff: 6,
      handoffRate: 6 / 11,
      handoffReasons: {
        visitor_request: 1,
        handoff_phrase: 1,
        agent_takeover: 1,
        api_request: 1,
        bot_unavailable: 1,
        bot_failed: 1,
        guardrail: 0,
        low_confidence: 0,
        repeated_question: 0,
        negative_ratings: 0,
        no_answer: 0,
      },
      // 1, 1, 1, 2, 2, 2, 2, 3, 4, 5 s (C H K, A F I J, D, B, G): median 2 s, p90 4 s + 0.1 x 1 s.
      botFirstResponse: { count: 10, medianMs: 2000, p90Ms: 4100 },
      // From the handoff: G 20 s, D 60 s, C 120 s, F 120 s.
      personFirstResponse: { count: 4, medianMs: 90_000, p90Ms: 120_000 },
      resolved: 6,
      // A 120 s, G 200 s, F 300 s, C 600 s, I 2 d 60 s, J 8 d 60 s: p90 at 4.5 between I and J.
      resolution: { count: 6, medianMs: 450_000, p90Ms: 172_860_000 + 0.5 * (691_260_000 - 172_860_000) },
      // From the handoff: G 150 s, F 260 s, C 570 s.
      resolutionAfterHandoff: { count: 3, medianMs: 260_000, p90Ms: 260_000 + 0.8 * 310_000 },
      // A 5, C 2, F 4 of 6 resolved.
      satisfaction: { responses: 3, positive: 2, csat: 2 / 3, resolvedWithResponse: 3, responseRate: 0.5 },
    };
    expect(report.totals).toEqual(expected);
    expect(report.periods).toEqual([{ period: '2026-03-01', start: '2026-03-01T00:00:00.000Z', ...expected }]);
  });

  it('should count message figures of the range as computed by hand', async () => {
    const report = await get<MessageReportDto>('messages', MARCH);
    expect(report.totals).toEqual({
      customerMessages: 17,
      botMessages: 13,
      agentMessages: 4,
      feedback: { thumbsUp: 1, thumbsDown: 1, thumbsUpRate: 1 / 13, thumbsDownRate: 1 / 13 },
      generation: {
        replies: 13,
        // 100 100 200 250 300 300 300 300 300 400 500 600 800: p95 at 11.4 = 600 + 0.4 x 200.
        timeToFirstTokenP50Ms: 300,
        timeToFirstTokenP95Ms: expect.closeTo(680, 9) as number,
        completionTokens: 200,
        tokensPerSecond: (200 * 1000) / 10_650,
      },
    });
    expect(report.periods).toHaveLength(1);
  });

  it("should count each agent's replies and conversations", async () => {
    const report = await get<AgentReportDto>('agents', MARCH);
    expect(report.agents).toEqual([
      {
        agentId: tenant.admin.user.id,
        name: 'admin',
        conversations: 1,
        replies: 1,
        periods: [{ period: '2026-03-01', start: '2026-03-01T00:00:00.000Z', conversations: 1, replies: 1 }],
      },
      {
        agentId: tenant.agent.user.id,
        name: 'agent',
        conversations: 3,
        replies: 3,
        periods: [{ period: '2026-03-01', start: '2026-03-01T00:00:00.000Z', conversations: 3, replies: 3 }],
      },
    ]);
  });

  it('should group by weeks starting on Monday, empty ones included', async () => {
    const report = await get<ConversationReportDto>('conversations', { ...MARCH, groupBy: 'week' });
    expect(report.periods.map((period) => [period.period, period.started])).toEqual([
      ['2026-02-23', 0],
      ['2026-03-02', 7],
      ['2026-03-09', 6],
      ['2026-03-16', 0],
      ['2026-03-23', 0],
      ['2026-03-30', 0],
    ]);
    expect(report.totals.started).toBe(13);
  });

  it('should put periods and day bounds in the time zone asked for', async () => {
    const days = { from: '2026-03-14', to: '2026-03-16', groupBy: 'day' };
    const utc = await get<ConversationReportDto>('conversations', days);
    expect(utc.periods.map((period) => [period.period, period.start, period.started])).toEqual([
      ['2026-03-14', '2026-03-14T00:00:00.000Z', 1],
      ['2026-03-15', '2026-03-15T00:00:00.000Z', 0],
    ]);
    const paris = await get<ConversationReportDto>('conversations', { ...days, timeZone: 'Europe/Paris' });
    expect(paris).toMatchObject({ from: '2026-03-13T23:00:00.000Z', to: '2026-03-15T23:00:00.000Z' });
    expect(paris.periods.map((period) => [period.period, period.start, period.started])).toEqual([
      ['2026-03-14', '2026-03-13T23:00:00.000Z', 0],
      ['2026-03-15', '2026-03-14T23:00:00.000Z', 1],
    ]);
    const messages = await get<MessageReportDto>('messages', { ...days, timeZone: 'Europe/Paris' });
    expect(messages.periods.map((period) => [period.period, period.customerMessages, period.botMessages])).toEqual([
      ['2026-03-14', 0, 0],
      ['2026-03-15', 1, 1],
    ]);
  });

  it('should start the periods after a clock change at the new offset', async () => {
    const report = await get<MessageReportDto>('messages', {
      from: '2026-03-28',
      to: '2026-03-31',
      groupBy: 'day',
      timeZone: 'Europe/Paris',
    });
    expect(report.periods.map((period) => period.start)).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ]);
  });

  it('should record each handoff, takeover, resolve and reopen in the transaction of the change', async () => {
    const rows: Array<{ from_status: string; to_status: string; reason: string | null }> = await db().query(
      `SELECT s.from_status, s.to_status, s.reason FROM conversation_status_changes s
         JOIN conversations c ON c.id = s.conversation_id
        WHERE c.workspace_id = $1 AND c.created_at = '2026-03-10T10:00:00Z'
        ORDER BY s.created_at`,
      [tenant.workspace.id],
    );
    expect(rows).toEqual([
      { from_status: 'bot', to_status: 'resolved', reason: null },
      { from_status: 'resolved', to_status: 'bot', reason: null },
      { from_status: 'bot', to_status: 'resolved', reason: null },
    ]);
  });

  it('should answer 400 naming the field for a bad time zone, grouping or range', async () => {
    const bad = async (query: Record<string, string>): Promise<string[]> => {
      const response = await http()
        .get('/api/v1/reports/conversations')
        .query(query)
        .auth(tenant.keys.read, { type: 'bearer' })
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      return fieldsOf(response.body);
    };
    expect(await bad({ ...MARCH, timeZone: 'Mars/Olympus' })).toEqual(['query.timeZone']);
    expect(await bad({ ...MARCH, timeZone: '+01:00' })).toEqual(['query.timeZone']);
    expect(await bad({ ...MARCH, groupBy: 'year' })).toEqual(['query.groupBy']);
    expect(await bad({ from: '2025-01-01', to: '2026-01-03' })).toEqual(['query.to']);
    expect(await bad({ from: '2026-03-01', to: '2026-03-01' })).toEqual(['query.to']);
    expect(await bad({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['query.to']);
    expect(await bad({ from: 'yesterday', to: '2026-03-01' })).toEqual(['query.from']);
    expect(await bad({ to: '2026-03-01' })).toEqual(['query.from']);
    // A whole leap year is one year.
    await get('messages', { from: '2028-01-01', to: '2029-01-01', groupBy: 'month' });
  });

  it('should answer the read scope and refuse a caller without credentials', async () => {
    for (const route of ['conversations', 'messages', 'agents']) {
      await get(route, MARCH, tenant.agent.accessToken);
      await http().get(`/api/v1/reports/${route}`).query(MARCH).expect(401);
    }
  });

  it('should record the reason of a change made over REST', async () => {
    const queued = await app.get(ConversationsService).create(tenant.workspace.id, { visitorId: 'r', channel: 'api' });
    const patch = (body: Record<string, unknown>) =>
      http()
        .patch(`/api/v1/conversations/${queued.id}`)
        .auth(tenant.keys.write, { type: 'bearer' })
        .send(body)
        .expect(200);
    await patch({ status: 'waiting_human' });
    await patch({ status: 'human', assigneeId: tenant.agent.user.id });
    await patch({ status: 'resolved' });
    const rows: Array<Record<string, string | null>> = await db().query(
      `SELECT from_status, to_status, reason, agent_id FROM conversation_status_changes
        WHERE conversation_id = $1 ORDER BY created_at`,
      [queued.id],
    );
    expect(rows).toEqual([
      { from_status: 'bot', to_status: 'waiting_human', reason: 'api_request', agent_id: null },
      { from_status: 'waiting_human', to_status: 'human', reason: 'agent_takeover', agent_id: tenant.agent.user.id },
      { from_status: 'human', to_status: 'resolved', reason: null, agent_id: tenant.agent.user.id },
    ]);
  });

  it('should record a reopen also when the message is stored with its webhook event', async () => {
    const third = await newRestTenant(app);
    const workspaceId = third.workspace.id;
    // An active message.created webhook sends appends through the transaction that writes the outbox.
    const [{ id: webhookId }]: Array<{ id: string }> = await db().query(
      `INSERT INTO webhooks (workspace_id, url, signing_secret, events)
       VALUES ($1, 'https://hooks.invalid/neodesk', 'secret', '{message.created}') RETURNING id`,
      [workspaceId],
    );
    const conversation = await app.get(ConversationsService).create(workspaceId, { visitorId: 'w', channel: 'api' });
    await app.get(MessagesService).append(workspaceId, conversation.id, { author: 'customer', text: 'Hi' });
    await app.get(ChatService).resolve(workspaceId, conversation.id);
    const reopened = await app
      .get(MessagesService)
      .append(workspaceId, conversation.id, { author: 'customer', text: 'Again' });
    await db().query(`DELETE FROM webhooks WHERE id = $1`, [webhookId]);
    expect(reopened.conversation.status).toBe('bot');
    const rows: Array<Record<string, string>> = await db().query(
      `SELECT from_status, to_status FROM conversation_status_changes WHERE conversation_id = $1 ORDER BY created_at`,
      [conversation.id],
    );
    expect(rows).toEqual([
      { from_status: 'bot', to_status: 'resolved' },
      { from_status: 'resolved', to_status: 'bot' },
    ]);
  });

  it('should describe the routes and their query in the OpenAPI document', async () => {
    const document = (await http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }>;
    };
    for (const route of ['conversations', 'messages', 'agents']) {
      const parameters = document.paths[`/api/v1/reports/${route}`]?.get?.parameters ?? [];
      expect(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name)).toEqual(
        expect.arrayContaining(['from', 'to', 'groupBy', 'timeZone']),
      );
    }
  });

  it("should count only the caller's workspace", async () => {
    const theirs = await get<ConversationReportDto>('conversations', MARCH, other.keys.read);
    expect(theirs.totals).toMatchObject({ started: 1, botConversations: 1, handedOff: 1, resolved: 1 });
    const messages = await get<MessageReportDto>('messages', MARCH, other.keys.read);
    expect(messages.totals).toMatchObject({ customerMessages: 1, botMessages: 1, agentMessages: 1 });
    expect(messages.totals.generation.timeToFirstTokenP50Ms).toBe(9000);
  });
});
