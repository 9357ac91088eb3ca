import { isOriginAllowed } from './origin-policy';

describe(isOriginAllowed.name, () => {
  const allowed = ['https://shop.example.com'];

  it('should allow a listed origin, case-insensitively, and requests without an Origin', () => {
    expect(isOriginAllowed('https://shop.example.com', allowed, 'production')).toBe(true);
    expect(isOriginAllowed('HTTPS://SHOP.EXAMPLE.COM', allowed, 'production')).toBe(true);
    expect(isOriginAllowed(undefined, allowed, 'production')).toBe(true);
  });

  it('should refuse an unlisted origin, including look-alikes and "null"', () => {
    expect(isOriginAllowed('https://evil.example.com', allowed, 'production')).toBe(false);
    expect(isOriginAllowed('https://shop.example.com.evil.io', allowed, 'production')).toBe(false);
    expect(isOriginAllowed('null', allowed, 'development')).toBe(false);
  });

  it('should allow loopback pages with an empty list in development only', () => {
    expect(isOriginAllowed('http://localhost:5173', [], 'development')).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:8080', [], 'development')).toBe(true);
    expect(isOriginAllowed('http://localhost:5173', [], 'production')).toBe(false);
    expect(isOriginAllowed('http://localhost:5173', [], 'test')).toBe(false);
    expect(isOriginAllowed('https://shop.example.com', [], 'development')).toBe(false);
    expect(isOriginAllowed('http://localhost:5173', allowed, 'development')).toBe(false);
  });
});
