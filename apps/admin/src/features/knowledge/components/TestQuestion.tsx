import { MAX_KNOWLEDGE_QUERY_LENGTH, type KnowledgePassageDto } from '@neodesk/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router';
import { fieldErrorsOf, formErrorOf } from '../../../shared/forms/field-errors';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { FormError } from '../../../shared/forms/FormError';
import { searchKnowledge } from '../knowledge-api';

const LIMITS = [3, 5, 10] as const;

/** A passage's rank score, short: 3 significant digits. */
function score(value: number): string {
  return value === 0 ? '0' : value.toPrecision(3);
}

/** An admin types a customer's question and sees the passages the bot would be given, best first. */
export function TestQuestion() {
  const id = useId();
  const [question, setQuestion] = useState('');
  const [limit, setLimit] = useState<number>(LIMITS[0]);
  const search = useMutation({
    mutationFn: (value: { query: string; limit: number }) => searchKnowledge(value.query, value.limit),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (question.trim() !== '' && !search.isPending) {
      search.mutate({ query: question.trim(), limit });
    }
  };
  const apiErrors = fieldErrorsOf(search.error);
  const passages = search.data;
  const best = passages?.[0]?.score ?? 0;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Test a question</h2>
      <p className="field__help">
        Ask what a customer would ask and see the passages the bot would be given to answer from, best first. Only
        published articles are searched. If the right article is not first, add the customer’s words to it.
      </p>
      <form className="knowledge-test" onSubmit={submit} noValidate>
        <div className="field knowledge-test__question">
          <label className="field__label" htmlFor={`${id}-question`}>
            Customer question
          </label>
          <input
            id={`${id}-question`}
            className="input"
            value={question}
            maxLength={MAX_KNOWLEDGE_QUERY_LENGTH}
            placeholder="e.g. do you ship to austria?"
            aria-invalid={apiErrors.query !== undefined}
            aria-describedby={`${id}-question-msg`}
            onChange={(event) => setQuestion(event.target.value)}
          />
          <FieldMessage id={`${id}-question-msg`} error={apiErrors.query} />
        </div>
        <div className="field knowledge-test__limit">
          <label className="field__label" htmlFor={`${id}-limit`}>
            Passages
          </label>
          <select
            id={`${id}-limit`}
            className="input"
            value={limit}
            onChange={(event) => setLimit(Number(event.target.value))}
          >
            {LIMITS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="button button--primary knowledge-test__submit"
          disabled={question.trim() === '' || search.isPending}
        >
          {search.isPending ? 'Searching…' : 'Test'}
        </button>
      </form>
      <FormError message={formErrorOf(search.error, ['query'])} />
      <div role="status" className="knowledge-test__summary">
        {passages === undefined || search.variables === undefined
          ? ''
          : passages.length === 0
            ? `No published article matches “${search.variables.query}”: the bot would say it does not know and get a person from your team.`
            : `${passages.length} ${passages.length === 1 ? 'passage' : 'passages'} for “${search.variables.query}”, best first.`}
      </div>
      {passages !== undefined && passages.length > 0 ? (
        <ol className="knowledge-passages" aria-label="Passages the bot would get">
          {passages.map((passage: KnowledgePassageDto, index) => (
            <li key={`${passage.articleId}-${passage.chunkIndex}`} className="knowledge-passage">
              <div className="knowledge-passage__head">
                <span className="knowledge-passage__rank" aria-hidden="true">
                  {index + 1}
                </span>
                <Link to={`/settings/knowledge/${passage.articleId}`} className="knowledge-passage__title">
                  {passage.title}
                </Link>
                <span className="knowledge-passage__meta">Passage {passage.chunkIndex + 1}</span>
                <span className="knowledge-passage__score">
                  <span className="knowledge-passage__bar" aria-hidden="true">
                    <span style={{ inlineSize: `${best > 0 ? Math.max(4, (passage.score / best) * 100) : 0}%` }} />
                  </span>
                  Score {score(passage.score)}
                </span>
              </div>
              <p className="knowledge-passage__text">{passage.text}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
