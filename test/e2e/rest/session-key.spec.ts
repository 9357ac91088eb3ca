import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { SignedTokens } from '../../../apps/conversation-service/src/auth/signed-tokens';
import { newTenant, openSession } from '../../support/realtime-clients';
import { startTestApp } from '../../support/test-app';

describe('Token signing key without SESSION_SECRET', () => {
  const apps: NestExpressApplication[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
  });

  it('should be generated once and shared through the database by every replica', async () => {
    // Two replicas starting together on one database, neither with SESSION_SECRET.
    const [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    apps.push(a, b);
    const tenant = await newTenant(a);
    const session = await openSession(a, tenant.workspace.widgetKey);
    const token = a.get(SignedTokens).sign('agent', tenant.workspace.id, 'user-1', 60);
    expect(b.get(SignedTokens).verify('agent', token)).toMatchObject({ subject: 'user-1' });
    const returning = await request(b.getHttpServer())
      .post('/api/v1/widget/sessions')
      .set('origin', 'https://shop.example.com')
      .send({ widgetKey: tenant.workspace.widgetKey, visitorId: session.visitorId, visitorToken: session.visitorToken })
      .expect(201);
    expect(returning.body).toMatchObject({
      visitorId: session.visitorId,
      conversation: { id: session.conversation.id },
    });
  });

  it('should sign with SESSION_SECRET when set, so a replica without it refuses those tokens', async () => {
    const configured = await startTestApp(undefined, { SESSION_SECRET: 'session key spec secret, 32+ characters' });
    apps.push(configured);
    const generated = apps[0] ?? (await startTestApp());
    const token = configured.get(SignedTokens).sign('visitor', 'ws', 'visitor-1', 60);
    expect(configured.get(SignedTokens).verify('visitor', token)).not.toBeNull();
    expect(generated.get(SignedTokens).verify('visitor', token)).toBeNull();
  });
});
