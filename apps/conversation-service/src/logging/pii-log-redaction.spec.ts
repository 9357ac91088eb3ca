import { redactLogLine } from './pii-log-redaction';

describe(redactLogLine.name, () => {
  it('should mask personal data in every string field of a JSON line and keep the rest', () => {
    const line = JSON.stringify({
      level: 40,
      time: 1796250000000,
      reqId: '0f0e4242-4242-4242-4242-424242424242',
      msg: 'Reply failed: customer wrote "card 4242 4242 4242 4242, jane@example.com"',
      err: { message: 'bad input +44 20 7946 0958', stack: 'Error: password: hunter2\n    at x' },
    });
    const sut = JSON.parse(redactLogLine(`${line}\n`)) as Record<string, unknown>;
    expect(sut).toEqual({
      level: 40,
      time: 1796250000000,
      reqId: '0f0e4242-4242-4242-4242-424242424242',
      msg: 'Reply failed: customer wrote "card [card ending 4242], [email]"',
      err: { message: 'bad input [phone]', stack: 'Error: password: [password]\n    at x' },
    });
  });

  it('should read URL-encoded values decoded', () => {
    const line = JSON.stringify({ req: { url: '/api/v1/search?q=jane%40example.com&page=2' } });
    expect(JSON.parse(redactLogLine(line))).toEqual({ req: { url: '/api/v1/search?q=[email]&page=2' } });
  });

  it('should leave an encoded URL without personal data as it was', () => {
    const line = JSON.stringify({ req: { url: '/api/v1/search?q=order%20100234' } });
    expect(redactLogLine(line)).toBe(`${line}\n`);
  });

  it('should mask a line that is not JSON', () => {
    expect(redactLogLine('plain jane@example.com\n')).toBe('plain [email]\n');
  });
});
