/** The demo page's style sheet, served as /demo.css (the page's CSP allows no inline style). */
export const DEMO_CSS = `
:root {
  --ink: #1d2327;
  --muted: #5b6770;
  --paper: #faf7f2;
  --card: #ffffff;
  --line: #e6ded3;
  --accent: #2f5d62;
  --accent-ink: #ffffff;
  --banner: #1f2a44;
  --banner-ink: #f4f6fb;
  --radius: 14px;
  font-family: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink);
  background: var(--paper);
  line-height: 1.55;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: inherit; }
.demo-banner {
  display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; justify-content: center;
  padding: 10px 20px; background: var(--banner); color: var(--banner-ink); font-size: 0.95rem; text-align: center;
}
.demo-banner p { margin: 0; }
.demo-banner__link {
  color: var(--banner); background: var(--banner-ink); padding: 4px 12px; border-radius: 999px;
  font-weight: 600; text-decoration: none; white-space: nowrap;
}
.demo-banner__link:hover, .demo-banner__link:focus-visible { text-decoration: underline; }
.shop-header {
  width: 100%; max-width: 1040px; margin: 0 auto; padding: 22px 24px;
  display: flex; align-items: center; justify-content: space-between; gap: 16px; flex-wrap: wrap;
}
.shop-logo {
  font-family: Georgia, "Times New Roman", serif; font-size: 1.5rem; font-weight: 700;
  letter-spacing: 0.02em; text-decoration: none;
}
.shop-nav { display: flex; gap: 22px; }
.shop-nav a { color: var(--muted); text-decoration: none; font-weight: 500; }
.shop-nav a:hover, .shop-nav a:focus-visible { color: var(--ink); text-decoration: underline; }
.product {
  flex: 1; width: 100%; max-width: 1040px; margin: 12px auto 48px; padding: 0 24px;
  display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 48px; align-items: center;
}
.product__picture {
  aspect-ratio: 1; background: radial-gradient(circle at 50% 40%, #f3ece2, #e9dfd1);
  border: 1px solid var(--line); border-radius: var(--radius); padding: 12%;
}
.product__eyebrow {
  margin: 0 0 6px; color: var(--accent); font-size: 0.85rem; font-weight: 700;
  letter-spacing: 0.08em; text-transform: uppercase;
}
.product__name {
  margin: 0; font-family: Georgia, "Times New Roman", serif; font-size: clamp(2rem, 4vw, 2.8rem);
  line-height: 1.15; font-weight: 700;
}
.product__price { margin: 12px 0 18px; font-size: 1.4rem; font-weight: 600; }
.product__text { margin: 0 0 18px; color: var(--muted); max-width: 46ch; }
.product__facts { margin: 0 0 26px; padding: 0; list-style: none; display: grid; gap: 6px; }
.product__facts li::before { content: "✓"; color: var(--accent); font-weight: 700; margin-right: 10px; }
.product__button {
  display: inline-block; padding: 14px 30px; border-radius: 999px; background: var(--accent);
  color: var(--accent-ink); font-weight: 600; text-decoration: none;
}
.product__button:hover, .product__button:focus-visible { background: #244a4e; }
.product__hint {
  margin: 26px 0 0; padding: 14px 16px; border-left: 3px solid var(--accent); background: var(--card);
  border-radius: 0 8px 8px 0; color: var(--muted); font-size: 0.95rem; max-width: 46ch;
}
.shop-footer { border-top: 1px solid var(--line); padding: 20px 24px; text-align: center; color: var(--muted); font-size: 0.9rem; }
.shop-footer p { margin: 0; }
a:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
@media (max-width: 760px) {
  .product { grid-template-columns: 1fr; gap: 28px; }
  .product__picture { max-width: 360px; width: 100%; margin: 0 auto; }
  .shop-nav { gap: 14px; }
}
`;
