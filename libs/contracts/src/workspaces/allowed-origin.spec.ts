import { originMatches, parseAllowedOrigin } from './allowed-origin';

describe(parseAllowedOrigin.name, () => {
  it.each([
    ['https://shop.example.com', 'https://shop.example.com'],
    ['HTTPS://Shop.Example.com/', 'https://shop.example.com'],
    ['https://shop.example.com:443', 'https://shop.example.com'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['https://*.example.com', 'https://*.example.com'],
    ['https://*.Example.co.uk:8443', 'https://*.example.co.uk:8443'],
  ])('should accept %s as %s', (value, origin) => {
    expect(parseAllowedOrigin(value)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', '1 to'],
    ['shop.example.com', 'not a URL'],
    ['ftp://shop.example.com', 'http or https'],
    ['https://shop.example.com/path', 'origin only'],
    ['https://shop.example.com?q=1', 'origin only'],
    ['https://user:pw@shop.example.com', 'origin only'],
    ['https://*', 'first label'],
    ['https://*.com', 'two labels'],
    ['https://*.10.0.0.1', 'not a URL'],
    ['https://*.co', 'two labels'],
    ['https://shop.*.example.com', 'first label'],
    ['https://**.example.com', 'first label'],
    ['*', 'first label'],
    [`https://${'a'.repeat(200)}.com`, '1 to'],
  ])('should refuse %j (%s)', (value, reason) => {
    const parsed = parseAllowedOrigin(value);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});

describe(originMatches.name, () => {
  it('should match exact origins only exactly', () => {
    expect(originMatches('https://shop.example.com', 'https://shop.example.com')).toBe(true);
    expect(originMatches('https://shop.example.com', 'https://SHOP.example.com')).toBe(true);
    expect(originMatches('https://shop.example.com', 'http://shop.example.com')).toBe(false);
    expect(originMatches('https://shop.example.com', 'https://shop.example.com:8443')).toBe(false);
    expect(originMatches('https://shop.example.com', 'https://shop.example.com.evil.io')).toBe(false);
    expect(originMatches('https://shop.example.com', 'null')).toBe(false);
  });

  it('should match a wildcard on subdomains at any depth, same scheme and port, not the apex', () => {
    expect(originMatches('https://*.example.com', 'https://a.example.com')).toBe(true);
    expect(originMatches('https://*.example.com', 'https://a.b.example.com')).toBe(true);
    expect(originMatches('https://*.example.com', 'https://example.com')).toBe(false);
    expect(originMatches('https://*.example.com', 'https://evilexample.com')).toBe(false);
    expect(originMatches('https://*.example.com', 'https://a.example.com.evil.io')).toBe(false);
    expect(originMatches('https://*.example.com', 'http://a.example.com')).toBe(false);
    expect(originMatches('https://*.example.com', 'https://a.example.com:8443')).toBe(false);
    expect(originMatches('https://*.example.com:8443', 'https://a.example.com:8443')).toBe(true);
  });
});
