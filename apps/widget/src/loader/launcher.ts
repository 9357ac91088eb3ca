const SVG = 'http://www.w3.org/2000/svg';

function icon(paths: string[]): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of paths) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

const CHAT_ICON = ['M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.8A8 8 0 1 1 21 12z', 'M8.5 12h.01M12 12h.01M15.5 12h.01'];
const CLOSE_ICON = ['M6 6l12 12', 'M18 6L6 18'];

export interface Launcher {
  readonly button: HTMLButtonElement;
  render(state: { label: string; open: boolean; unread: number; unreadText: string }): void;
}

/** The round button that opens the chat, drawn by the loader before anything else arrives. */
export function createLauncher(panelId: string): Launcher {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'nd-launcher';
  button.setAttribute('aria-controls', panelId);
  const badge = document.createElement('span');
  badge.className = 'nd-badge';
  badge.setAttribute('aria-hidden', 'true');
  const chatIcon = icon(CHAT_ICON);
  const closeIcon = icon(CLOSE_ICON);
  return {
    button,
    render({ label, open, unread, unreadText }) {
      const name = unread > 0 && !open ? `${label} (${unreadText})` : label;
      button.setAttribute('aria-label', name);
      button.title = label;
      button.setAttribute('aria-expanded', String(open));
      badge.textContent = unread > 99 ? '99+' : String(unread);
      badge.hidden = unread === 0 || open;
      button.replaceChildren(open ? closeIcon : chatIcon, badge);
    },
  };
}
