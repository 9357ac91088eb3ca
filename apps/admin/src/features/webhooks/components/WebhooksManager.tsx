import type { UpdateWebhookRequest, WebhookDto } from '@neodesk/contracts';
import { useState } from 'react';
import { useWebhookMutations, useWebhooks } from '../hooks/useWebhooks';
import { DeliveriesPanel } from './DeliveriesPanel';
import { WebhookForm, type WebhookFormValue } from './WebhookForm';
import { WebhookList } from './WebhookList';
import { WebhookSecret } from './WebhookSecret';

const NEW_ENDPOINT: WebhookFormValue = { url: '', events: ['message.created'], description: '', enabled: true };

/** Only what the form changed: an unchanged URL is not resolved and checked again. */
function changesOf(webhook: WebhookDto, value: WebhookFormValue): UpdateWebhookRequest {
  const description = value.description === '' ? null : value.description;
  return {
    ...(value.url === webhook.url ? {} : { url: value.url }),
    ...(value.events.join() === webhook.events.join() ? {} : { events: value.events }),
    ...(description === webhook.description ? {} : { description }),
    ...(value.enabled === webhook.enabled ? {} : { enabled: value.enabled }),
  };
}

/** Admins add endpoints (secret shown once), edit, rotate and delete them, and watch their deliveries. */
export function WebhooksManager() {
  const webhooks = useWebhooks();
  const { create, update, remove, rotate } = useWebhookMutations();
  const [secret, setSecret] = useState<{ title: string; secret: string; rotated: boolean } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [editing, setEditing] = useState<string | null>(null);
  const [selected, setSelected] = useState<{ webhookId: string; deliveryId: string | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const actionError = remove.error ?? rotate.error;
  const selectedWebhook = webhooks.data?.find((webhook) => webhook.id === selected?.webhookId) ?? null;

  const startEdit = (webhook: WebhookDto) => {
    update.reset();
    setEditing(webhook.id);
  };

  return (
    <div className="access-stack">
      <section aria-labelledby="new-webhook-title" className="card">
        <h2 id="new-webhook-title">New endpoint</h2>
        {secret !== null && !secret.rotated ? (
          <WebhookSecret title={secret.title} secret={secret.secret} onDone={() => setSecret(null)} />
        ) : null}
        <WebhookForm
          key={formKey}
          initial={NEW_ENDPOINT}
          submitLabel="Add endpoint"
          busy={create.isPending}
          error={create.error}
          onSubmit={(value) =>
            create.mutate(
              {
                url: value.url,
                events: value.events,
                enabled: value.enabled,
                ...(value.description === '' ? {} : { description: value.description }),
              },
              {
                onSuccess: (created) => {
                  setSecret({ title: `Signing secret of ${created.url}`, secret: created.secret, rotated: false });
                  setFormKey((current) => current + 1);
                  create.reset();
                },
              },
            )
          }
        />
      </section>
      <section aria-labelledby="webhook-list-title" className="card">
        <h2 id="webhook-list-title">Endpoints</h2>
        {actionError !== null ? (
          <p className="banner banner--error" role="alert">
            {actionError.message}
          </p>
        ) : null}
        {secret !== null && secret.rotated ? (
          <WebhookSecret title={secret.title} secret={secret.secret} onDone={() => setSecret(null)} />
        ) : null}
        <p className="visually-hidden" role="status">
          {notice ?? ''}
        </p>
        {webhooks.isPending ? (
          <p role="status">Loading…</p>
        ) : webhooks.isError ? (
          <p role="alert">The endpoints could not be loaded: {webhooks.error.message}</p>
        ) : (
          <WebhookList
            webhooks={webhooks.data}
            selectedId={selected?.webhookId ?? null}
            busy={remove.isPending || rotate.isPending}
            renderEditor={(webhook) =>
              editing === webhook.id ? (
                <WebhookForm
                  initial={{ ...webhook, description: webhook.description ?? '' }}
                  submitLabel="Save"
                  busy={update.isPending}
                  error={update.error}
                  onCancel={() => setEditing(null)}
                  onSubmit={(value) => {
                    const changes = changesOf(webhook, value);
                    if (Object.keys(changes).length === 0) {
                      setEditing(null);
                      return;
                    }
                    update.mutate(
                      { id: webhook.id, changes },
                      {
                        onSuccess: (saved) => {
                          setEditing(null);
                          setNotice(`Saved ${saved.url}.`);
                        },
                      },
                    );
                  }}
                />
              ) : null
            }
            onEdit={startEdit}
            onShowDeliveries={(webhook) =>
              setSelected(selected?.webhookId === webhook.id ? null : { webhookId: webhook.id, deliveryId: null })
            }
            onRotate={(webhook) =>
              rotate.mutate(webhook, {
                onSuccess: (rotated) => {
                  setSecret({ title: `New signing secret of ${rotated.url}`, secret: rotated.secret, rotated: true });
                },
              })
            }
            onDelete={(webhook) =>
              remove.mutate(webhook, {
                onSuccess: () => {
                  setNotice(`Deleted ${webhook.url}.`);
                  if (selected?.webhookId === webhook.id) {
                    setSelected(null);
                  }
                },
              })
            }
          />
        )}
      </section>
      {selectedWebhook !== null && selected !== null ? (
        <DeliveriesPanel
          webhook={selectedWebhook}
          openedId={selected.deliveryId}
          onOpen={(deliveryId) => setSelected({ webhookId: selectedWebhook.id, deliveryId })}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </div>
  );
}
