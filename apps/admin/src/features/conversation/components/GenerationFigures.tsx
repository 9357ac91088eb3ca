import type { GenerationStats } from '@neodesk/contracts';

/** Time to first token, tokens and tokens per second of one bot reply, as its worker measured them. */
export function GenerationFigures({ generation }: { generation: GenerationStats }) {
  const decodeMs = Math.max(1, generation.totalMs - generation.timeToFirstTokenMs);
  const perSecond = generation.completionTokens > 1 ? ((generation.completionTokens - 1) * 1000) / decodeMs : undefined;
  return (
    <dl className="figures" aria-label="Generation figures">
      <div>
        <dt>First token</dt>
        <dd>{generation.timeToFirstTokenMs} ms</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>{generation.completionTokens}</dd>
      </div>
      <div>
        <dt>Speed</dt>
        <dd>{perSecond === undefined ? '–' : `${perSecond.toFixed(1)} tokens/s`}</dd>
      </div>
    </dl>
  );
}
