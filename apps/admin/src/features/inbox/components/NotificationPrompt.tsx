import { useState } from 'react';
import { askForNotifications, shouldOfferNotifications } from '../handoff-notifications';

/** Offers browser notifications for handoffs once; the browser asks only after this click. */
export function NotificationPrompt() {
  const [offer, setOffer] = useState(shouldOfferNotifications);
  if (!offer) {
    return null;
  }
  return (
    <button
      type="button"
      className="button button--quiet"
      title="Get a browser notification when a conversation is handed to a person"
      onClick={() => {
        setOffer(false);
        void askForNotifications();
      }}
    >
      Notify me
    </button>
  );
}
