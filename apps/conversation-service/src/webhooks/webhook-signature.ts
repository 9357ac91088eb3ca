import { createHmac } from 'node:crypto';

/**
 * The `Neodesk-Webhook-Signature` value: `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`, keyed with
 * the endpoint's secret (the whole `whsec_...` string, as UTF-8). The version prefix leaves room for another
 * scheme later, sent side by side.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}
