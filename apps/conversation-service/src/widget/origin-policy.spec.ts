import { isOriginAllowed } from './origin-policy';

describe(isOriginAllowed.name, () => {
  const allowed = ['https://shop.example.com', 'https://*.brand.example'];
  const from = (origin: string | undefined, host = 'chat.neodesk.example') => ({ origin, host });

  it('should allow a listed origin, case-insensitively, and requests without an Origin', () => {
    expect(isOriginAllowed(from('https://shop.example.com'), allowed, 'production')).toBe(true);
    expect(isOriginAllowed(from('HTTPS://SHOP.EXAMPLE.COM'), allowed, 'production')).toBe(true);
    expect(isOriginAllowed(from(undefined), allowed, 'production')).toBe(true);
  });

  it('should allow subdomains of a wildcard entry, not its apex', () => {
    expect(isOriginAllowed(from('https://eu.brand.example'), allowed, 'production')).toBe(true);
    expect(isOriginAllowed(from('https://brand.example'), allowed, 'production')).toBe(false);
  });

  it('should refuse an unlisted origin, including look-alikes and "null"', () => {
    expect(isOriginAllowed(from('https://evil.example.com'), allowed, 'production')).toBe(false);
    expect(isOriginAllowed(from('https://shop.example.com.evil.io'), allowed, 'production')).toBe(false);
    expect(isOriginAllowed(from('null'), allowed, 'development')).toBe(false);
    expect(isOriginAllowed(from('chrome-extension://abc'), allowed, 'development')).toBe(false);
  });

  it("should allow the service's own pages (Origin on the Host the request went to) in every mode", () => {
    expect(isOriginAllowed(from('https://chat.neodesk.example'), [], 'production')).toBe(true);
    expect(isOriginAllowed(from('http://localhost:3000', 'localhost:3000'), [], 'production')).toBe(true);
    expect(isOriginAllowed(from('http://localhost:3001', 'localhost:3000'), [], 'production')).toBe(false);
    expect(isOriginAllowed(from('https://evil.example', 'localhost:3000'), [], 'production')).toBe(false);
  });

  it('should allow loopback pages with an empty list in development only', () => {
    expect(isOriginAllowed(from('http://localhost:5173'), [], 'development')).toBe(true);
    expect(isOriginAllowed(from('http://127.0.0.1:8080'), [], 'development')).toBe(true);
    expect(isOriginAllowed(from('http://localhost:5173'), [], 'production')).toBe(false);
    expect(isOriginAllowed(from('http://localhost:5173'), [], 'test')).toBe(false);
    expect(isOriginAllowed(from('https://shop.example.com'), [], 'development')).toBe(false);
    expect(isOriginAllowed(from('http://localhost:5173'), allowed, 'development')).toBe(false);
  });
});
