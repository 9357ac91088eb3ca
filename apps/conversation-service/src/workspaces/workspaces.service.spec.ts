import { WorkspaceErrorCode } from './workspace.error';
import { normalizeOrigins } from './workspaces.service';

describe(normalizeOrigins.name, () => {
  it('should accept bare http(s) origins, lower-cased and deduplicated', () => {
    expect(
      normalizeOrigins(['https://Shop.Example.com', 'https://shop.example.com/', 'http://localhost:8080']),
    ).toEqual(['https://shop.example.com', 'http://localhost:8080']);
  });

  it('should keep the wildcard form', () => {
    expect(normalizeOrigins(['https://*.Example.com'])).toEqual(['https://*.example.com']);
  });

  it.each(['shop.example.com', 'ftp://example.com', 'https://example.com/path', 'javascript:alert(1)', 'https://*'])(
    'should reject %s',
    (origin) => {
      expect(() => normalizeOrigins([origin])).toThrow(
        expect.objectContaining({ code: WorkspaceErrorCode.InvalidOrigin }),
      );
    },
  );
});
