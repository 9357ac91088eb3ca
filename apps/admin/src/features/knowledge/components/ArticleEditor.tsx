import { MAX_KNOWLEDGE_BODY_LENGTH, MAX_KNOWLEDGE_TITLE_LENGTH, type KnowledgeArticleDto } from '@neodesk/contracts';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { InlineConfirm } from '../../../shared/components/InlineConfirm';
import { UnsavedChangesDialog } from '../../../shared/components/UnsavedChangesDialog';
import { type FieldErrors } from '../../../shared/forms/field-errors';
import { fieldErrorsWithCodes, formErrorWithCodes } from '../../../shared/forms/domain-field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { useUnsavedChangesWarning } from '../../../shared/hooks/useUnsavedChangesWarning';
import {
  ARTICLE_FIELDS,
  type ArticleDraft,
  type ArticleField,
  EMPTY_DRAFT,
  changesOf,
  createRequestOf,
  draftErrors,
  draftOf,
  isBlank,
} from '../article-draft';
import { useCreateArticle, useDeleteArticle, useUpdateArticle } from '../hooks/useKnowledgeArticles';

/** The API's refusals that belong to one field. */
const CODE_FIELDS = { KNOWLEDGE_ARTICLE_TITLE_TAKEN: 'title' } as const;

const count = (value: number): string => value.toLocaleString('en-US');

const BODY_PLACEHOLDER =
  '## Where we ship\n\nWe ship to Germany, France and Austria.\n\n## How long it takes\n\n2 to 4 working days.';

/** Where the editor goes once the article is created or deleted, and what the next page says about it. */
interface Leave {
  to: string;
  state: { notice: string };
}

/**
 * A new article (`saved` undefined) or an existing one: title, Markdown body, tags and status, checked as the
 * API checks them. What was typed stays after any error; leaving with unsaved changes asks first.
 */
export function ArticleEditor({ saved, notice }: { saved?: KnowledgeArticleDto; notice?: string }) {
  const id = useId();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<ArticleDraft>(() => (saved === undefined ? EMPTY_DRAFT : draftOf(saved)));
  const [touched, setTouched] = useState<Partial<Record<ArticleField, boolean>>>({});
  const [checked, setChecked] = useState(false);
  const [savedNote, setSavedNote] = useState<string | null>(notice ?? null);
  const [leave, setLeave] = useState<Leave | null>(null);
  // The API's refusals by field, each kept until its own field is edited (a taken title stays taken while
  // the body changes).
  const [api, setApi] = useState<FieldErrors>({});
  const create = useCreateArticle();
  const update = useUpdateArticle(saved?.id ?? '');
  const remove = useDeleteArticle();
  const write = saved === undefined ? create : update;
  const fields = useRef<Partial<Record<ArticleField, HTMLElement | null>>>({});

  const changes = useMemo(() => (saved === undefined ? {} : changesOf(draft, saved)), [draft, saved]);
  const dirty = saved === undefined ? !isBlank(draft) : Object.keys(changes).length > 0;
  const blocker = useUnsavedChangesWarning(dirty && leave === null);

  // Created or deleted: the form is done, so the move away is not held as unsaved.
  useEffect(() => {
    if (leave !== null) {
      void navigate(leave.to, { replace: saved === undefined, state: leave.state });
    }
  }, [leave, navigate, saved]);

  const own = draftErrors(draft);
  const refused = (error: Error) => setApi(fieldErrorsWithCodes(error, CODE_FIELDS));
  const errorOf = (field: ArticleField): string | undefined => {
    const overLimit =
      (field === 'title' && draft.title.trim().length > MAX_KNOWLEDGE_TITLE_LENGTH) ||
      (field === 'body' && draft.body.length > MAX_KNOWLEDGE_BODY_LENGTH);
    return api[field] ?? (checked || touched[field] === true || overLimit ? own[field] : undefined);
  };

  const edit = (change: Partial<ArticleDraft>) => {
    const left = Object.fromEntries(Object.entries(api).filter(([field]) => !(field in change)));
    if (Object.keys(left).length !== Object.keys(api).length) {
      setApi(left);
    }
    // The form-level message goes with the last field it was about (or at once when it named none).
    if (write.isError && Object.keys(left).length === 0) {
      write.reset();
    }
    setSavedNote(null);
    setDraft((before) => ({ ...before, ...change }));
  };
  const blur = (field: ArticleField) => setTouched((before) => ({ ...before, [field]: true }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    const firstWrong = ARTICLE_FIELDS.find((field) => own[field] !== undefined);
    if (firstWrong !== undefined) {
      fields.current[firstWrong]?.focus();
      return;
    }
    if (write.isPending) {
      return;
    }
    if (saved === undefined) {
      create.mutate(createRequestOf(draft), {
        onError: refused,
        onSuccess: (article) =>
          setLeave({
            to: `/settings/knowledge/${article.id}`,
            state: {
              notice:
                article.status === 'published'
                  ? 'Article created: the bot answers from it from now on.'
                  : 'Draft created: the bot does not use it until you publish it.',
            },
          }),
      });
      return;
    }
    if (!dirty) {
      return;
    }
    update.mutate(changes, {
      onError: refused,
      onSuccess: (article) => {
        setDraft(draftOf(article));
        setSavedNote('Saved');
      },
    });
  };

  const titleError = errorOf('title');
  const bodyError = errorOf('body');
  const tagsError = errorOf('tags');
  return (
    <div className="knowledge-editor">
      <form className="knowledge-editor__form" onSubmit={submit} noValidate aria-label="Article">
        <section className="card" aria-label="Article text">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-title`}>
              Title
            </label>
            <input
              ref={(element) => {
                fields.current.title = element;
              }}
              id={`${id}-title`}
              className="input"
              value={draft.title}
              autoComplete="off"
              aria-invalid={titleError !== undefined}
              aria-describedby={`${id}-title-msg`}
              onChange={(event) => edit({ title: event.target.value })}
              onBlur={() => blur('title')}
            />
            <FieldMessage
              id={`${id}-title-msg`}
              help={`The topic in your customers’ words; shown as “Source: …” under the bot’s answers. ${count(draft.title.trim().length)} / ${MAX_KNOWLEDGE_TITLE_LENGTH} characters.`}
              error={titleError}
            />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${id}-body`}>
              Text (Markdown)
            </label>
            <textarea
              ref={(element) => {
                fields.current.body = element;
              }}
              id={`${id}-body`}
              className="input knowledge-editor__body"
              rows={16}
              value={draft.body}
              placeholder={BODY_PLACEHOLDER}
              aria-invalid={bodyError !== undefined}
              aria-describedby={`${id}-body-msg`}
              onChange={(event) => edit({ body: event.target.value })}
              onBlur={() => blur('body')}
            />
            <FieldMessage
              id={`${id}-body-msg`}
              help={`Start each topic with a ## heading: the bot is given the passages whose words match the question, so one fact per section answers best. ${count(draft.body.length)} / ${count(MAX_KNOWLEDGE_BODY_LENGTH)} characters.`}
              error={bodyError}
            />
          </div>
          <div className="knowledge-editor__row">
            <div className="field">
              <label className="field__label" htmlFor={`${id}-tags`}>
                Tags (optional)
              </label>
              <input
                ref={(element) => {
                  fields.current.tags = element;
                }}
                id={`${id}-tags`}
                className="input"
                value={draft.tags}
                autoComplete="off"
                placeholder="e.g. shipping, returns"
                aria-invalid={tagsError !== undefined}
                aria-describedby={`${id}-tags-msg`}
                onChange={(event) => edit({ tags: event.target.value })}
                onBlur={() => blur('tags')}
              />
              <FieldMessage
                id={`${id}-tags-msg`}
                help="Separated by commas; each of lowercase letters, digits, - and _. For your team to find and sort articles."
                error={tagsError}
              />
            </div>
            <fieldset className="knowledge-radios">
              <legend className="field__label">Status</legend>
              <label className="knowledge-radios__choice">
                <input
                  type="radio"
                  name={`${id}-status`}
                  value="published"
                  checked={draft.status === 'published'}
                  onChange={() => edit({ status: 'published' })}
                />
                <span>
                  Published <span className="field__help">— the bot answers from it</span>
                </span>
              </label>
              <label className="knowledge-radios__choice">
                <input
                  type="radio"
                  name={`${id}-status`}
                  value="draft"
                  checked={draft.status === 'draft'}
                  onChange={() => edit({ status: 'draft' })}
                />
                <span>
                  Draft <span className="field__help">— saved, never used by the bot</span>
                </span>
              </label>
            </fieldset>
          </div>
        </section>

        <div className="save-bar">
          <FormError message={formErrorWithCodes(write.error, CODE_FIELDS, ARTICLE_FIELDS)} />
          {remove.isError ? (
            <p className="banner banner--error" role="alert">
              The article could not be deleted: {remove.error.message}
            </p>
          ) : null}
          <div className="save-bar__row">
            <button
              type="submit"
              className="button button--primary"
              disabled={write.isPending || (saved !== undefined && !dirty)}
            >
              {write.isPending ? 'Saving…' : saved === undefined ? 'Create article' : 'Save changes'}
            </button>
            {saved === undefined ? (
              <Link to="/settings/knowledge" className="button">
                Cancel
              </Link>
            ) : (
              <button
                type="button"
                className="button"
                disabled={!dirty || write.isPending}
                onClick={() => {
                  setDraft(draftOf(saved));
                  setChecked(false);
                  setTouched({});
                  setApi({});
                  write.reset();
                }}
              >
                Discard changes
              </button>
            )}
            <span className="save-bar__status" role="status">
              {dirty ? 'Unsaved changes' : (savedNote ?? '')}
            </span>
            {saved !== undefined ? (
              <span className="knowledge-editor__delete">
                <InlineConfirm
                  label="Delete article"
                  question={`Delete “${saved.title}”? The bot stops using it at once; this cannot be undone.`}
                  confirmLabel="Delete"
                  busy={remove.isPending}
                  onConfirm={() =>
                    remove.mutate(saved, {
                      onSuccess: () =>
                        setLeave({ to: '/settings/knowledge', state: { notice: `“${saved.title}” was deleted.` } }),
                    })
                  }
                />
              </span>
            ) : null}
          </div>
        </div>
      </form>
      <UnsavedChangesDialog blocker={blocker} />
    </div>
  );
}
