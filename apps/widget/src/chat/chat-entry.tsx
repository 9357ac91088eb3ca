import { render } from 'preact';
import type { MountChat } from '../shared/widget-host';
import chatCss from './chat.css';
import { ChatApp } from './components/chat-app';
import { ChatClient } from './state/chat-client';
import { watchViewport } from './state/watch-viewport';

/** The chat bundle: the loader injects it and receives this mount function through `__registerChat`. */
const mount: MountChat = (host) => {
  host.addSheet(chatCss);
  watchViewport(host);
  const client = new ChatClient({
    serviceOrigin: host.serviceOrigin,
    widgetKey: host.widgetKey,
    preChat: host.config.preChatForm.name !== 'off' || host.config.preChatForm.email !== 'off',
  });
  let unread = 0;
  client.onNewMessage((message) => {
    host.emit('message', message);
    if (message.author !== 'customer' && !host.isOpen()) {
      host.setUnread(++unread);
    }
  });
  host.onChange(() => {
    if (host.isOpen() && unread > 0) {
      unread = 0;
      host.setUnread(0);
    }
  });
  render(<ChatApp host={host} client={client} />, host.panelSlot);
  if (client.returning) {
    client.start();
  }
  return {
    start: () => client.start(),
    identify: (identity) => client.identify(identity),
    reset: () => {
      client.reset();
      unread = 0;
      host.setUnread(0);
    },
  };
};

(window as unknown as { Neodesk?: { __registerChat?: (mount: MountChat) => void } }).Neodesk?.__registerChat?.(mount);
