/**
 * Styles reach the shadow root only as constructable stylesheets: no <style> element and no style
 * attribute, so a page whose CSP has no 'unsafe-inline' for styles still shows the widget as designed.
 */
export function sheet(css: string): CSSStyleSheet {
  const result = new CSSStyleSheet();
  result.replaceSync(css);
  return result;
}

export function adopt(root: ShadowRoot, ...sheets: CSSStyleSheet[]): void {
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...sheets];
}
