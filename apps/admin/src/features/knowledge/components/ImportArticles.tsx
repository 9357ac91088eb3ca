import { MAX_KNOWLEDGE_IMPORT_ARTICLES } from '@neodesk/contracts';
import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { ApiError } from '../../../shared/api/api-error';
import { useImportArticles } from '../hooks/useKnowledgeArticles';
import {
  IMPORT_ACCEPT,
  type ImportMode,
  type ImportPlan,
  checkChosen,
  describeCount,
  importErrorPlace,
  planImport,
} from '../import-file';

const PREVIEW_TITLES = 5;

/** The chosen files in a few words: their names, how many articles, the first titles. */
function PlanSummary({ plan, names }: { plan: ImportPlan; names: string[] }) {
  const titles = plan.titles.filter((title) => title !== '');
  const shown = titles.slice(0, PREVIEW_TITLES);
  return (
    <div className="knowledge-import__plan">
      <p>
        <strong>{names.length === 1 ? names[0] : `${names.length} Markdown files`}</strong>{' '}
        {names.length === 1 ? 'holds' : 'hold'} <strong>{describeCount(plan.count)}</strong>.
      </p>
      {shown.length > 0 ? (
        <p className="field__help">
          {shown.map((title) => `“${title}”`).join(', ')}
          {titles.length > shown.length ? ` and ${titles.length - shown.length} more` : ''}.
        </p>
      ) : null}
    </div>
  );
}

/** The API's refusal of an import: its message and, for a file's content, each bad row or document. */
function ImportError({ error, plan }: { error: Error; plan: ImportPlan | undefined }) {
  const entries = error instanceof ApiError ? (error.problem.errors ?? []) : [];
  return (
    <div className="banner banner--error knowledge-import__error" role="alert">
      <p>Nothing was imported. {entries.length > 0 ? 'Correct the file and choose it again:' : error.message}</p>
      {entries.length > 0 ? (
        <ul>
          {entries.map((entry) => (
            <li key={`${entry.field}-${entry.message}`}>
              <strong>{importErrorPlace(entry.field, plan)}</strong>: {entry.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Bulk import from a JSON, CSV or Markdown file: counted before it is sent, the result or the bad row after. */
export function ImportArticles() {
  const id = useId();
  const [plan, setPlan] = useState<{ plan: ImportPlan; names: string[] } | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [inputKey, setInputKey] = useState(0);
  const [imported, setImported] = useState<string | null>(null);
  const run = useImportArticles();

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    setPlan(null);
    setReadError(null);
    setImported(null);
    run.reset();
    if (files.length === 0) {
      return;
    }
    const problem = checkChosen(files);
    if (problem !== undefined) {
      setReadError(problem);
      return;
    }
    try {
      const chosen = await Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
      const result = planImport(chosen);
      if (result.ok) {
        setPlan({ plan: result.plan, names: chosen.map((file) => file.name) });
      } else {
        setReadError(result.error);
      }
    } catch {
      setReadError('The file could not be read. Choose it again.');
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (plan === null || run.isPending) {
      return;
    }
    const from = plan.names.length === 1 ? plan.names[0] : `${plan.names.length} files`;
    run.mutate(plan.plan.payload(mode), {
      onSuccess: (result) => {
        setImported(`Imported from ${from}: ${result.created} created, ${result.updated} updated.`);
        setPlan(null);
        setInputKey((key) => key + 1);
      },
    });
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Import articles</h2>
      <form className="knowledge-import" onSubmit={submit} noValidate>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-file`}>
            File to import
          </label>
          <input
            key={inputKey}
            id={`${id}-file`}
            className="knowledge-import__file"
            type="file"
            accept={IMPORT_ACCEPT}
            multiple
            aria-describedby={`${id}-file-help`}
            aria-invalid={readError !== null}
            onChange={(event) => void choose(event)}
          />
          <div id={`${id}-file-help`} className="field__messages">
            <span className="field__help">
              One file, or several Markdown files, of at most {MAX_KNOWLEDGE_IMPORT_ARTICLES} articles:
            </span>
            <ul className="field__help knowledge-import__formats">
              <li>
                <strong>JSON</strong>: an array of {'{ "title", "body", "tags", "status" }'} objects.
              </li>
              <li>
                <strong>CSV</strong>: a header row <code>title,body,tags,status</code> (tags and status optional, tags
                separated by <code>;</code>), then one row per article.
              </li>
              <li>
                <strong>Markdown</strong>: each article starts with a <code># Title</code> line; several in one file are
                separated by a <code>---</code> line.
              </li>
            </ul>
            {readError !== null ? <span className="field__error">{readError}</span> : null}
          </div>
        </div>
        {plan !== null ? <PlanSummary plan={plan.plan} names={plan.names} /> : null}
        <fieldset className="knowledge-radios">
          <legend className="field__label">Articles whose title already exists</legend>
          <label className="knowledge-radios__choice">
            <input
              type="radio"
              name={`${id}-mode`}
              value="upsert"
              checked={mode === 'upsert'}
              onChange={() => setMode('upsert')}
            />
            Replace them with the imported text
          </label>
          <label className="knowledge-radios__choice">
            <input
              type="radio"
              name={`${id}-mode`}
              value="create"
              checked={mode === 'create'}
              onChange={() => setMode('create')}
            />
            Keep them, and import nothing if any title exists
          </label>
        </fieldset>
        <div className="access-form__bar">
          <button type="submit" className="button button--primary" disabled={plan === null || run.isPending}>
            {run.isPending ? 'Importing…' : plan === null ? 'Import' : `Import ${describeCount(plan.plan.count)}`}
          </button>
        </div>
      </form>
      {run.isError ? <ImportError error={run.error} plan={plan?.plan} /> : null}
      <p className={imported !== null ? 'banner banner--success' : 'visually-hidden'} role="status">
        {imported ?? ''}
      </p>
    </section>
  );
}
