import { SignedTokens } from './signed-tokens';

describe(SignedTokens.name, () => {
  const sut = new SignedTokens('a'.repeat(32));
  const other = new SignedTokens('b'.repeat(32));

  it('should verify its own token and return the claims', () => {
    const token = sut.sign('visitor', 'ws-1', 'visitor-1', 60);
    expect(sut.verify('visitor', token)).toMatchObject({ kind: 'visitor', workspaceId: 'ws-1', subject: 'visitor-1' });
  });

  it('should refuse a token of another kind, an expired one and one signed with another secret', () => {
    const token = sut.sign('visitor', 'ws-1', 'visitor-1', 60);
    expect(sut.verify('agent', token)).toBeNull();
    expect(sut.verify('visitor', sut.sign('visitor', 'ws-1', 'v', 60, new Date(Date.now() - 61_000)))).toBeNull();
    expect(sut.verify('visitor', other.sign('visitor', 'ws-1', 'visitor-1', 60))).toBeNull();
  });

  it('should refuse a token whose claims were changed after signing', () => {
    const [version, body, signature] = sut.sign('visitor', 'ws-1', 'visitor-1', 60).split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, workspaceId: 'ws-2' })).toString('base64url');
    expect(sut.verify('visitor', `${version}.${forged}.${signature}`)).toBeNull();
  });

  it.each(['', 'garbage', 'v1.x.y', 'v2.a.b', 'v1..'])('should refuse the malformed token %j', (token) => {
    expect(sut.verify('visitor', token)).toBeNull();
  });
});
