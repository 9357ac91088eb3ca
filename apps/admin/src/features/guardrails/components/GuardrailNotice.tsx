import type { GuardrailDecisionDto } from '@neodesk/contracts';
import { clockTime, dateTime } from '../../../shared/format';
import { ACTION_LABELS, RULE_LABELS } from '../guardrail-labels';

/** The excerpt as the notice quotes it: short, with an ellipsis when cut. */
function quote(excerpt: string): string {
  const chars = [...excerpt.trim()];
  const short = chars.length > 60 ? `${chars.slice(0, 60).join('').trimEnd()}…` : chars.join('');
  return `“${short}”`;
}

/**
 * A guardrail decision in the transcript, seen by agents only: which rule fired, on which text, and what was
 * done ("Reply check: forbidden promise — “I have refunded…” — reply replaced, handed to a person").
 */
export function GuardrailNotice({ decision }: { decision: GuardrailDecisionDto }) {
  const rule = RULE_LABELS[decision.rule];
  return (
    <li className="guardrail-notice" aria-label={`Guardrail: ${rule.kind.toLowerCase()}, ${rule.name}`}>
      <span className="guardrail-notice__icon" aria-hidden="true">
        !
      </span>
      <div className="guardrail-notice__body">
        <p className="guardrail-notice__title">
          {rule.kind}: {rule.name}
          {decision.excerpt.trim().length > 0 ? (
            <>
              {' — '}
              <span className="guardrail-notice__excerpt">{quote(decision.excerpt)}</span>
            </>
          ) : null}
          {' — '}
          {ACTION_LABELS[decision.action]}
        </p>
        <p className="guardrail-notice__detail">{decision.detail}</p>
        <time className="guardrail-notice__time" dateTime={decision.createdAt} title={dateTime(decision.createdAt)}>
          {clockTime(decision.createdAt)} · only your team sees this
        </time>
      </div>
    </li>
  );
}
