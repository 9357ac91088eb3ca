/** What the demo page shows besides the fixed text. */
export interface DemoPageInput {
  /** The default workspace's widget key; null before the first workspace exists. */
  widgetKey: string | null;
}

/** Text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The demo: a product page of a fictional shop with the web chat widget of the default workspace. */
export function renderDemoPage(input: DemoPageInput): string {
  const widget =
    input.widgetKey === null
      ? ''
      : `<script src="/widget.js" data-widget-key="${escapeHtml(input.widgetKey)}" async></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Alder &amp; Finch · Stoneware mug · Neodesk demo</title>
<link rel="stylesheet" href="/demo.css">
</head>
<body>
<div class="demo-banner" role="note">
  <p>This is the Neodesk demo: a made-up shop with the Neodesk chat widget in the corner. Ask it anything.</p>
  <a class="demo-banner__link" href="/admin">Open the admin dashboard</a>
</div>
<header class="shop-header">
  <a class="shop-logo" href="/">Alder &amp; Finch</a>
  <nav class="shop-nav" aria-label="Shop">
    <a href="/">Mugs</a>
    <a href="/">Bowls</a>
    <a href="/">Plates</a>
    <a href="/">Journal</a>
  </nav>
</header>
<main class="product">
  <div class="product__picture" aria-hidden="true">
    <svg viewBox="0 0 200 200" width="100%" height="100%" role="presentation">
      <ellipse cx="100" cy="168" rx="64" ry="10" fill="#d9cfc2"/>
      <path d="M52 58h96v82c0 18-14 30-32 30H84c-18 0-32-12-32-30z" fill="#2f5d62"/>
      <path d="M148 78h10c14 0 22 10 22 24s-8 24-22 24h-10v-12h9c7 0 11-5 11-12s-4-12-11-12h-9z" fill="#2f5d62"/>
      <ellipse cx="100" cy="58" rx="48" ry="10" fill="#244a4e"/>
      <path d="M60 70h80v6H60z" fill="#e8dfd3" opacity=".5"/>
    </svg>
  </div>
  <div class="product__details">
    <p class="product__eyebrow">Handmade stoneware</p>
    <h1 class="product__name">Harbour mug, 350 ml</h1>
    <p class="product__price">€28.00</p>
    <p class="product__text">Thrown by hand in our workshop and glazed in a deep sea green. Dishwasher and
      microwave safe; each one is a little different.</p>
    <ul class="product__facts">
      <li>Free delivery over €50</li>
      <li>30-day returns</li>
      <li>Ships in 2 working days</li>
    </ul>
    <a class="product__button" href="#">Add to basket</a>
    <p class="product__hint">Questions about sizes, delivery or returns? The chat in the corner answers at once,
      and a person takes over when you ask for one.</p>
  </div>
</main>
<footer class="shop-footer">
  <p>Alder &amp; Finch is not a real shop. Powered by Neodesk, the self-hosted customer-service chatbot.</p>
</footer>
${widget}
</body>
</html>
`;
}
