import type { WidgetHost } from '../../shared/widget-host';

/**
 * On phones the panel fills the visual viewport, which shrinks when the on-screen keyboard opens, so the
 * message box stays in view. The size goes into a stylesheet (no style attributes: strict CSP).
 */
export function watchViewport(host: WidgetHost): void {
  const viewport = window.visualViewport;
  if (viewport === null || viewport === undefined) {
    return;
  }
  const rules = host.addSheet('');
  const update = (): void => {
    rules.replaceSync(
      `.nd-root{--nd-viewport-height:${Math.round(viewport.height)}px;--nd-viewport-top:${Math.round(viewport.offsetTop)}px}`,
    );
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
}
