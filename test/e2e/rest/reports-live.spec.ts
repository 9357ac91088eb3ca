import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LiveReportDto } from '@neodesk/contracts';
import request from 'supertest';
import { DAY, type ReportSeedWorkspace, SECOND, gen, seedConversation } from '../../support/report-seed';
import { type RestTenant, newRestTenant } from '../../support/rest-clients';
import { startTestApp } from '../../support/test-app';

const people = (tenant: RestTenant): ReportSeedWorkspace => ({
  workspaceId: tenant.workspace.id,
  people: { agent: tenant.agent.user.id, admin: tenant.admin.user.id },
});

describe('REST /api/v1/reports/live', () => {
  let app: NestExpressApplication;
  let tenant: RestTenant;
  let other: RestTenant;

  const http = () => request(app.getHttpServer());
  const live = async (token: string): Promise<LiveReportDto> =>
    (await http().get('/api/v1/reports/live').auth(token, { type: 'bearer' }).expect(200)).body as LiveReportDto;

  beforeAll(async () => {
    app = await startTestApp();
    tenant = await newRestTenant(app);
    other = await newRestTenant(app);
  });

  afterAll(async () => {
    await app.close();
  });

  it('should count open conversations by status and the longest wait from the latest handoff', async () => {
    const seed = people(tenant);
    // With the bot: a bot-only one, and one reopened after it was resolved.
    await seedConversation(app, seed, '2026-03-02T10:00:00Z', [
      { at: 0, customer: 'Hi' },
      { at: SECOND, bot: 'Hello', ...gen(100, 5, 200) },
    ]);
    await seedConversation(app, seed, '2026-03-02T11:00:00Z', [
      { at: 0, customer: 'Hi' },
      { at: SECOND, resolve: true },
      { at: DAY, customer: 'Me again' },
    ]);
    // Waiting: since 10:00:30 on the 3rd, and a reopened one handed off twice, waiting since its second handoff.
    await seedConversation(app, seed, '2026-03-03T10:00:00Z', [
      { at: 0, customer: 'A person please' },
      { at: 30 * SECOND, handoff: 'visitor_request' },
    ]);
    await seedConversation(app, seed, '2026-03-01T09:00:00Z', [
      { at: 0, customer: 'Card charged twice' },
      { at: 10 * SECOND, handoff: 'visitor_request' },
      { at: 20 * SECOND, takeover: 'agent' },
      { at: 30 * SECOND, agent: 'agent' },
      { at: 60 * SECOND, resolve: true },
      { at: 3 * DAY, customer: 'Still charged twice' },
      { at: 3 * DAY + 5 * SECOND, handoff: 'api_request' },
    ]);
    // With an agent, and resolved (not open).
    await seedConversation(app, seed, '2026-03-02T12:00:00Z', [
      { at: 0, customer: 'Refund' },
      { at: 5 * SECOND, takeover: 'admin' },
    ]);
    await seedConversation(app, seed, '2026-03-02T13:00:00Z', [
      { at: 0, customer: 'Thanks' },
      { at: 5 * SECOND, resolve: true },
    ]);
    // Another workspace's, waiting longer: never counted.
    await seedConversation(app, people(other), '2026-01-01T00:00:00Z', [
      { at: 0, customer: 'Theirs' },
      { at: SECOND, handoff: 'visitor_request' },
    ]);

    const before = Date.now();
    const report = await live(tenant.keys.read);
    expect(report.open).toEqual({ bot: 2, waiting_human: 2, human: 1 });
    // The first waits since 2026-03-03T10:00:30Z; the second since 2026-03-04T09:00:05Z (its second handoff).
    expect(report.oldestWaitingSince).toBe('2026-03-03T10:00:30.000Z');
    expect(Date.parse(report.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(report.longestWaitMs).toBe(Date.parse(report.at) - Date.parse('2026-03-03T10:00:30.000Z'));

    const theirs = await live(other.keys.read);
    expect(theirs).toMatchObject({
      open: { bot: 0, waiting_human: 1, human: 0 },
      oldestWaitingSince: '2026-01-01T00:00:01.000Z',
    });
  });

  it('should answer a workspace with nothing open with zeros and no wait', async () => {
    const empty = await newRestTenant(app);
    const report = await live(empty.agent.accessToken);
    expect(report).toMatchObject({
      open: { bot: 0, waiting_human: 0, human: 0 },
      oldestWaitingSince: null,
      longestWaitMs: null,
    });
  });

  it('should refuse a caller without credentials and be described in the OpenAPI document', async () => {
    await http().get('/api/v1/reports/live').expect(401);
    const document = (await http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { responses?: Record<string, unknown> } }>;
    };
    expect(Object.keys(document.paths['/api/v1/reports/live']?.get?.responses ?? {})).toContain('200');
  });
});
