import { escapeHtml, renderDemoPage } from './demo-page';

describe(renderDemoPage.name, () => {
  it('should escape the widget key in its attribute', () => {
    const sut = renderDemoPage({ widgetKey: '"><script>alert(1)</script>' });
    expect(sut).not.toContain('<script>alert(1)');
    expect(sut).toContain('data-widget-key="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('should leave the widget out before any workspace exists', () => {
    expect(renderDemoPage({ widgetKey: null })).not.toContain('<script');
  });

  it('should escape every HTML-significant character', () => {
    expect(escapeHtml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });
});
