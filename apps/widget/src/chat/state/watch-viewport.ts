import { adopt, sheet } from '../../theme/style-sheets';

/**
 * On phones the panel fills the visual viewport, which shrinks when the on-screen keyboard opens, so the
 * message box stays in view. The size goes into a stylesheet (no style attributes: strict CSP).
 */
export function watchViewport(root: ShadowRoot): void {
  const viewport = window.visualViewport;
  if (viewport === null || viewport === undefined) {
    return;
  }
  const rules = sheet('');
  adopt(root, rules);
  const update = (): void => {
    rules.replaceSync(
      `.nd-root{--nd-viewport-height:${Math.round(viewport.height)}px;--nd-viewport-top:${Math.round(viewport.offsetTop)}px}`,
    );
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
}
