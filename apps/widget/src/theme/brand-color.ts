const HEX = /^#[0-9a-f]{6}$/i;
export const DEFAULT_BRAND_COLOR = '#1f5fd6';

/** Relative luminance (WCAG 2) of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channel = (offset: number): number => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two luminances. */
export function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/**
 * The rule that puts the workspace's colour into the tokens, with whichever of white or near-black
 * reads better on it. Only a validated `#rrggbb` reaches the stylesheet.
 */
export function brandCss(color: string | undefined): string {
  const brand = color !== undefined && HEX.test(color) ? color : DEFAULT_BRAND_COLOR;
  return `.nd-root{--nd-brand:${brand};--nd-on-brand:${onBrandColor(brand)}}`;
}

/** The text colour the widget writes on a `#rrggbb` brand colour (the dashboard's preview uses it too). */
export function onBrandColor(brand: string): '#ffffff' | '#111111' {
  const level = luminance(brand);
  return contrast(level, 1) >= contrast(level, luminance('#111111')) ? '#ffffff' : '#111111';
}
