import { GENERATION_PARAMETER_LIMITS } from '@neodesk/contracts';
import { useId } from 'react';
import { FieldMessage } from '../../../shared/forms/FieldMessage';
import { type ParameterName, parseParameter } from '../bot-draft';

interface ParameterInfo {
  label: string;
  step: number;
  slider: boolean;
  help: string;
}

export const PARAMETER_INFO: Record<ParameterName, ParameterInfo> = {
  maxNewTokens: {
    label: 'Longest reply (tokens)',
    step: 1,
    slider: false,
    help: 'The reply stops after this many tokens (a token is about ¾ of an English word).',
  },
  temperature: {
    label: 'Temperature',
    step: 0.05,
    slider: true,
    help: '0 is greedy: always the likeliest next token, the same reply every time. Higher values vary more.',
  },
  topK: {
    label: 'Top-k',
    step: 1,
    slider: false,
    help: 'Samples only among the k likeliest tokens. 0 turns it off.',
  },
  topP: {
    label: 'Top-p',
    step: 0.01,
    slider: true,
    help: 'Samples among the likeliest tokens whose probabilities add up to p. 1 turns it off.',
  },
  repetitionPenalty: {
    label: 'Repetition penalty',
    step: 0.05,
    slider: true,
    help: 'Above 1, tokens already in the dialogue become less likely. 1 turns it off.',
  },
};

/** One generation parameter: its range, a number input and (where it helps) a slider on the same value. */
export function GenerationParameterField({
  name,
  value,
  error,
  onChange,
}: {
  name: ParameterName;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  const info = PARAMETER_INFO[name];
  const { min, max } = GENERATION_PARAMETER_LIMITS[name];
  const parsed = parseParameter(name, value);
  return (
    <div className="parameter">
      <label className="field__label" htmlFor={`${id}-number`} id={`${id}-label`}>
        {info.label} <span className="parameter__range">{`${min} to ${max}`}</span>
      </label>
      <div className="parameter__inputs">
        <input
          id={`${id}-number`}
          className="input parameter__number"
          type="number"
          inputMode="decimal"
          step={info.step}
          min={min}
          max={max}
          value={value}
          aria-invalid={error !== undefined}
          aria-describedby={`${id}-message`}
          onChange={(event) => onChange(event.target.value)}
        />
        {info.slider ? (
          <input
            className="parameter__slider"
            type="range"
            min={min}
            max={max}
            step={info.step}
            value={'value' in parsed ? parsed.value : min}
            aria-labelledby={`${id}-label`}
            aria-describedby={`${id}-message`}
            onChange={(event) => onChange(event.target.value)}
          />
        ) : null}
      </div>
      <FieldMessage id={`${id}-message`} help={info.help} error={error} />
    </div>
  );
}
