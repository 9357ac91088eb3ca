import type { CannedReplyDto } from '@neodesk/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { cannedReplyKeys, createCannedReply, deleteCannedReply, updateCannedReply } from '../canned-replies-api';
import { useCannedReplies } from '../hooks/useCannedReplies';
import { CannedReplyForm } from './CannedReplyForm';

/** Admins add, edit and remove the workspace's canned replies. */
export function CannedRepliesManager() {
  const queryClient = useQueryClient();
  const replies = useCannedReplies();
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const done = () => void queryClient.invalidateQueries({ queryKey: cannedReplyKeys.all });
  const create = useMutation({
    mutationFn: (value: { shortcut: string; text: string }) => createCannedReply(value.shortcut, value.text),
    onSuccess: () => {
      setFormKey((key) => key + 1);
      done();
    },
  });
  const update = useMutation({
    mutationFn: (value: { id: string; shortcut: string; text: string }) =>
      updateCannedReply(value.id, { shortcut: value.shortcut, text: value.text }),
    onSuccess: () => {
      setEditing(null);
      done();
    },
  });
  const remove = useMutation({ mutationFn: (reply: CannedReplyDto) => deleteCannedReply(reply.id), onSuccess: done });
  const error = create.error ?? update.error ?? remove.error;
  return (
    <div className="canned">
      <section aria-labelledby="new-canned-title" className="card">
        <h2 id="new-canned-title">New canned reply</h2>
        <CannedReplyForm
          key={formKey}
          initial={{ shortcut: '', text: '' }}
          submitLabel="Add"
          busy={create.isPending}
          onSubmit={(value) => create.mutate(value)}
        />
      </section>
      {error !== null ? (
        <p className="banner banner--error" role="alert">
          {error.message}
        </p>
      ) : null}
      <section aria-labelledby="canned-list-title" className="card">
        <h2 id="canned-list-title">Saved replies</h2>
        {replies.isPending ? (
          <p role="status">Loading…</p>
        ) : replies.isError ? (
          <p role="alert">The canned replies could not be loaded: {replies.error.message}</p>
        ) : replies.data.length === 0 ? (
          <p className="muted">None yet. Agents type / and the shortcut in the composer to insert one.</p>
        ) : (
          <ul className="canned-list">
            {replies.data.map((reply) => (
              <li key={reply.id} className="canned-list__item">
                {editing === reply.id ? (
                  <CannedReplyForm
                    initial={reply}
                    submitLabel="Save"
                    busy={update.isPending}
                    onSubmit={(value) => update.mutate({ id: reply.id, ...value })}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <>
                    <div>
                      <p className="canned-list__shortcut">/{reply.shortcut}</p>
                      <p className="canned-list__text">{reply.text}</p>
                    </div>
                    <div className="canned-list__actions">
                      <button type="button" className="button button--small" onClick={() => setEditing(reply.id)}>
                        Edit <span className="visually-hidden">/{reply.shortcut}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--small button--danger"
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(reply)}
                      >
                        Delete <span className="visually-hidden">/{reply.shortcut}</span>
                      </button>
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
