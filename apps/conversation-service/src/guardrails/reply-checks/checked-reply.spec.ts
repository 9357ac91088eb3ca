import { DEFAULT_GUARDRAIL_SETTINGS } from '@neodesk/contracts';
import { CheckedReply } from './checked-reply';

describe(CheckedReply.name, () => {
  it('should number the deltas it sends without gaps, skipping pieces held back entirely', () => {
    const sut = new CheckedReply(DEFAULT_GUARDRAIL_SETTINGS, null);

    expect(sut.push('Hel')).toEqual({ delta: null, violation: null });
    expect(sut.push('lo the')).toEqual({ delta: { index: 0, text: 'Hello ' }, violation: null });
    expect(sut.push('re')).toEqual({ delta: null, violation: null });
    expect(sut.push('! How ')).toEqual({ delta: { index: 1, text: 'there! How ' }, violation: null });
    expect(sut.finish('Hello there! How are you?')).toEqual({ delta: { index: 2, text: 'are you?' }, violation: null });
    expect(sut.releasedText).toBe('Hello there! How are you?');
    expect(sut.nextIndex).toBe(3);
  });

  it('should check the final text when the worker stored something other than it streamed', () => {
    const clean = new CheckedReply(DEFAULT_GUARDRAIL_SETTINGS, null);
    clean.push('  Hello there. ');
    expect(clean.finish('Hello there.')).toEqual({ delta: null, violation: null });

    const dirty = new CheckedReply(DEFAULT_GUARDRAIL_SETTINGS, null);
    dirty.push('Hello there. ');
    expect(dirty.finish('Hello there, idiot.')).toMatchObject({ delta: null, violation: { rule: 'blocked_term' } });
  });

  it('should send nothing more once a check failed', () => {
    const sut = new CheckedReply(DEFAULT_GUARDRAIL_SETTINGS, null);
    sut.push('Sure, we ');

    expect(sut.push('guarantee it. ')).toMatchObject({ delta: null, violation: { rule: 'forbidden_promise' } });
    // "we" could have begun "we will compensate": it was held back too.
    expect(sut.releasedText).toBe('Sure, ');
    expect(sut.finish('Sure, we guarantee it.')).toMatchObject({
      delta: null,
      violation: { rule: 'forbidden_promise' },
    });
  });
});
