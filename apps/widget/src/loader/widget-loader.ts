import type { VisitorIdentity, WidgetConfigDto, WidgetLocale } from '@neodesk/contracts';
import { LAUNCHER_STRINGS } from '../i18n/launcher-strings';
import { directionOf, isWidgetLocale, pickLocale } from '../i18n/pick-locale';
import type { ChatHandle, MountChat, WidgetHost } from '../shared/widget-host';
import { storageKey } from '../shared/storage-key';
import { brandCss } from '../theme/brand-color';
import { adopt, sheet } from '../theme/style-sheets';
import tokensCss from '../theme/tokens.css';
import { fetchConfig } from './fetch-config';
import { createLauncher } from './launcher';
import launcherCss from './launcher.css';
import { type NeodeskApi, type QueuedCall, WidgetEventBus, replayQueue } from './neodesk-api';

interface NeodeskWindow {
  Neodesk?: Partial<NeodeskApi> & { q?: unknown; __registerChat?: (mount: MountChat) => void };
}

const PANEL_ID = 'neodesk-panel';

/**
 * The loader (`/widget.js`): builds the launcher at once in a shadow root but shows it only once the
 * workspace's config has arrived (so it never changes colour, side or label in front of the visitor), exposes
 * `window.Neodesk`, and fetches the chat bundle on first open or when the browser is idle.
 */
function boot(script: HTMLScriptElement): void {
  const win = window as unknown as NeodeskWindow;
  const widgetKey = script.dataset.widgetKey ?? '';
  const serviceOrigin = new URL(script.src).origin;
  const queued = win.Neodesk?.q;

  const element = document.createElement('neodesk-widget');
  const root = element.attachShadow({ mode: 'open' });
  const brandSheet = sheet(brandCss(undefined));
  adopt(root, sheet(tokensCss), sheet(launcherCss), brandSheet);
  const wrapper = document.createElement('div');
  wrapper.className = 'nd-root';
  // Hidden until the config arrives, so the launcher first appears in the workspace's colour, side and label.
  wrapper.hidden = true;
  const panelSlot = document.createElement('div');
  const launcher = createLauncher(PANEL_ID);
  wrapper.append(panelSlot, launcher.button);
  root.append(wrapper);

  const events = new WidgetEventBus();
  const changeListeners = new Set<() => void>();
  let config: WidgetConfigDto | undefined;
  let locale: WidgetLocale = pickLocale(undefined);
  let forcedLocale: WidgetLocale | undefined;
  let open = false;
  let unread = 0;
  let chat: ChatHandle | undefined;
  let chatRequested = false;
  let pendingIdentity: VisitorIdentity | undefined;

  const render = (): void => {
    const strings = LAUNCHER_STRINGS[locale];
    wrapper.lang = locale;
    wrapper.dir = directionOf(locale);
    element.classList.toggle('nd-left', config?.position === 'left');
    element.classList.toggle('nd-open', open);
    launcher.render({
      label: open ? strings.close : (config?.launcherLabel ?? strings.open),
      open,
      unread,
      unreadText: strings.unread(unread),
    });
    changeListeners.forEach((listener) => listener());
  };

  const host = (ready: WidgetConfigDto): WidgetHost => ({
    root,
    panelSlot,
    launcher: launcher.button,
    serviceOrigin,
    widgetKey,
    config: ready,
    addSheet: (css) => {
      const added = sheet(css);
      adopt(root, added);
      return added;
    },
    isOpen: () => open,
    locale: () => locale,
    close: () => api.close(),
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    emit: (event, ...args) => events.emit(event, ...args),
    setUnread: (count) => {
      if (count !== unread) {
        unread = count;
        render();
        events.emit('unread', count);
      }
    },
  });

  const loadChat = (): void => {
    if (chatRequested || config === undefined) {
      return;
    }
    chatRequested = true;
    const tag = document.createElement('script');
    tag.src = `${serviceOrigin}/widget/${NEODESK_CHAT_FILE}`;
    tag.async = true;
    tag.onerror = () => {
      chatRequested = false;
      console.warn('[neodesk] could not load the chat; it is tried again on the next open');
    };
    root.append(tag);
  };

  const api: NeodeskApi = {
    version: NEODESK_VERSION,
    open() {
      if (!open) {
        open = true;
        render();
        loadChat();
        chat?.start();
        events.emit('open');
      }
    },
    close() {
      if (open) {
        const hadFocus = root.activeElement !== null;
        open = false;
        render();
        if (hadFocus) {
          launcher.button.focus();
        }
        events.emit('close');
      }
    },
    toggle() {
      if (open) {
        api.close();
      } else {
        api.open();
      }
    },
    identify(identity) {
      if (chat === undefined) {
        pendingIdentity = identity;
      } else {
        chat.identify(identity);
      }
    },
    reset() {
      pendingIdentity = undefined;
      unread = 0;
      if (chat === undefined) {
        localStorage.removeItem(storageKey(widgetKey));
        render();
      } else {
        chat.reset();
        // A panel left open starts over at once as the new visitor (else on the next open).
        if (open) {
          chat.start();
        }
      }
    },
    setLocale(next) {
      if (isWidgetLocale(next)) {
        forcedLocale = next;
        locale = next;
        render();
      }
    },
    on: (event, callback) => events.on(event, callback),
    q: {
      push(...calls: QueuedCall[]) {
        for (const [method, ...args] of calls) {
          // Every method is an arrow or ignores `this`; a name that is not one (a typo) is skipped.
          const fn: unknown = api[method];
          if (typeof fn === 'function') {
            (fn as (...a: unknown[]) => void)(...args);
          }
        }
        return 0;
      },
    },
  };

  const publicApi = api as NeodeskApi & { __registerChat?: (mount: MountChat) => void };
  Object.defineProperty(publicApi, '__registerChat', {
    enumerable: false,
    value: (mount: MountChat) => {
      if (chat !== undefined || config === undefined) {
        return;
      }
      chat = mount(host(config));
      if (pendingIdentity !== undefined) {
        chat.identify(pendingIdentity);
        pendingIdentity = undefined;
      }
      if (open) {
        chat.start();
      }
    },
  });
  win.Neodesk = publicApi;
  replayQueue(api, queued);

  launcher.button.addEventListener('click', () => api.toggle());
  render();
  const attach = (): void => {
    if (document.body) {
      document.body.append(element);
    } else {
      document.addEventListener('DOMContentLoaded', () => document.body.append(element), { once: true });
    }
  };
  attach();

  let retryMs = 2000;
  const loadConfig = async (): Promise<void> => {
    const result = await fetchConfig(serviceOrigin, widgetKey);
    if (!result.ok) {
      if (result.permanent) {
        // Unknown key or a page origin the workspace does not allow: nothing to offer here.
        console.warn(`[neodesk] the widget is not available on this page (HTTP ${result.status})`);
        element.remove();
        return;
      }
      // Unreachable, or refused by CORS (a page the workspace does not allow cannot read why): show
      // nothing rather than a launcher that cannot work, and keep trying in case the service comes back.
      element.remove();
      setTimeout(() => void loadConfig(), retryMs);
      retryMs = Math.min(retryMs * 2, 60_000);
      return;
    }
    if (!element.isConnected) {
      attach();
    }
    config = result.config;
    locale = forcedLocale ?? pickLocale(config.locale);
    brandSheet.replaceSync(brandCss(config.color));
    render();
    wrapper.hidden = false;
    events.emit('ready');
    if (open) {
      loadChat();
    } else if ('requestIdleCallback' in window) {
      requestIdleCallback(loadChat, { timeout: 4000 });
    } else {
      setTimeout(loadChat, 2000);
    }
  };
  void loadConfig();
}

const current = document.currentScript;
const existing = (window as unknown as NeodeskWindow).Neodesk;
if (existing?.version !== undefined) {
  console.warn('[neodesk] widget.js is on this page twice; the second copy does nothing');
} else if (current instanceof HTMLScriptElement && current.src !== '') {
  boot(current);
} else {
  console.error('[neodesk] widget.js must be loaded by a <script src> tag (not as a module)');
}
