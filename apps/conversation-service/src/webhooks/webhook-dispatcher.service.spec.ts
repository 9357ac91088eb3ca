import { createHmac } from 'node:crypto';
import type { ClaimedDelivery } from '@neodesk/persistence';
import { deliveryBody, retryDelayMs } from './webhook-dispatcher.service';
import { signWebhook } from './webhook-signature';

describe('webhook delivery schedule and body', () => {
  it('should back off by three times per attempt from the base, capped, within 20% jitter', () => {
    const exact = (attempt: number) => retryDelayMs(attempt, 10_000, 3_600_000, () => 0.5);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(exact)).toEqual([
      10_000, 30_000, 90_000, 270_000, 810_000, 2_430_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, 3_600_000, () => 1)).toBe(12_000);
  });

  it('should send the event envelope and sign "<timestamp>.<body>" with HMAC-SHA256', () => {
    const delivery: ClaimedDelivery = {
      id: 'd1',
      workspaceId: 'w1',
      webhookId: 'h1',
      eventType: 'conversation.resolved',
      eventId: 'e1',
      payload: { conversation: { id: 'c1' } },
      createdAt: new Date('2026-11-26T10:00:00.000Z'),
      attempt: 1,
      roundAttempt: 1,
      url: 'https://example.com/',
      signingSecret: 'whsec_x',
      claimToken: 't',
    };
    const body = deliveryBody(delivery);
    expect(JSON.parse(body)).toEqual({
      id: 'e1',
      type: 'conversation.resolved',
      createdAt: '2026-11-26T10:00:00.000Z',
      workspaceId: 'w1',
      data: { conversation: { id: 'c1' } },
    });
    const expected = createHmac('sha256', 'whsec_x').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_x', 1700000000, body)).toBe(`v1=${expected}`);
  });

  it('should mask personal data in the event when asked, and keep ids and times', () => {
    const delivery: ClaimedDelivery = {
      id: 'd1',
      workspaceId: 'w1',
      webhookId: 'h1',
      eventType: 'message.created',
      eventId: 'e1',
      payload: {
        conversation: { id: '4242424242424242', customer: { email: 'jane@example.com' } },
        message: { seq: 4, text: 'card 4242 4242 4242 4242', createdAt: '2026-11-26T10:00:00.000Z' },
      },
      createdAt: new Date('2026-11-26T10:00:00.000Z'),
      attempt: 1,
      roundAttempt: 1,
      url: 'https://example.com/',
      signingSecret: 'whsec_x',
      claimToken: 't',
    };
    expect((JSON.parse(deliveryBody(delivery, true)) as { data: unknown }).data).toEqual({
      conversation: { id: '4242424242424242', customer: { email: '[email]' } },
      message: { seq: 4, text: 'card [card ending 4242]', createdAt: '2026-11-26T10:00:00.000Z' },
    });
    expect(deliveryBody(delivery, false)).toContain('jane@example.com');
  });
});
