import { DEFAULT_GENERATION_PARAMETERS } from '@neodesk/contracts';

import { GenerationError, GenerationErrorCode } from './generation.error';
import { parseGenerationParams } from './generation-params';

function errorOf(action: () => unknown): GenerationError {
  try {
    action();
  } catch (error) {
    if (error instanceof GenerationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a GenerationError, nothing was thrown');
}

describe(parseGenerationParams.name, () => {
  const sut = parseGenerationParams;

  it('should fill every missing field with the defaults of the bot settings contract', () => {
    expect(sut({})).toEqual({
      maxNewTokens: 96,
      temperature: 0,
      topK: 0,
      topP: 1,
      repetitionPenalty: DEFAULT_GENERATION_PARAMETERS.repetitionPenalty,
      stop: [],
    });
    expect(sut(undefined)).toEqual(sut({}));
  });

  it('should accept a full valid request as given', () => {
    const input = {
      maxNewTokens: 1024,
      temperature: 0.7,
      topK: 40,
      topP: 0.9,
      repetitionPenalty: 1.2,
      seed: Number.MAX_SAFE_INTEGER,
      stop: ['\nCustomer:', '👍🏽'],
    };

    expect(sut(input)).toEqual(input);
  });

  it('should accept the ends of every range', () => {
    expect(sut({ maxNewTokens: 1, temperature: 2, topK: 1000, topP: 0.01, repetitionPenalty: 2, seed: 0 })).toEqual(
      expect.objectContaining({
        maxNewTokens: 1,
        temperature: 2,
        topK: 1000,
        topP: 0.01,
        repetitionPenalty: 2,
        seed: 0,
      }),
    );
  });

  it('should cap maxNewTokens at the given limit and lower the default under it', () => {
    expect(sut({}, { maxNewTokens: 50 }).maxNewTokens).toBe(50);
    expect(sut({ maxNewTokens: 50 }, { maxNewTokens: 50 }).maxNewTokens).toBe(50);
    expect(errorOf(() => sut({ maxNewTokens: 51 }, { maxNewTokens: 50 })).message).toContain('from 1 to 50');
  });

  it.each([
    ['maxNewTokens', 0, 'an integer from 1 to 1024'],
    ['maxNewTokens', 1025, 'an integer from 1 to 1024'],
    ['maxNewTokens', 10.5, 'an integer from 1 to 1024'],
    ['maxNewTokens', Number.NaN, 'an integer from 1 to 1024'],
    ['maxNewTokens', Number.POSITIVE_INFINITY, 'an integer from 1 to 1024'],
    ['maxNewTokens', '96', 'an integer from 1 to 1024'],
    ['maxNewTokens', null, 'an integer from 1 to 1024'],
    ['temperature', -0.1, 'a finite number from 0 to 2'],
    ['temperature', 2.01, 'a finite number from 0 to 2'],
    ['temperature', Number.NaN, 'a finite number from 0 to 2'],
    ['temperature', '0.7', 'a finite number from 0 to 2'],
    ['topK', -1, 'an integer from 0 to 1000'],
    ['topK', 1001, 'an integer from 0 to 1000'],
    ['topK', 4.5, 'an integer from 0 to 1000'],
    ['topK', Number.POSITIVE_INFINITY, 'an integer from 0 to 1000'],
    ['topP', 0, 'a finite number from 0.01 to 1'],
    ['topP', 1.01, 'a finite number from 0.01 to 1'],
    ['topP', Number.NaN, 'a finite number from 0.01 to 1'],
    ['topP', true, 'a finite number from 0.01 to 1'],
    ['repetitionPenalty', 0.99, 'a finite number from 1 to 2'],
    ['repetitionPenalty', 2.5, 'a finite number from 1 to 2'],
    ['repetitionPenalty', Number.NEGATIVE_INFINITY, 'a finite number from 1 to 2'],
    ['seed', -1, 'an integer from 0 to 9007199254740991'],
    ['seed', 1.5, 'an integer from 0 to 9007199254740991'],
    ['seed', Number.MAX_SAFE_INTEGER + 1, 'an integer from 0 to 9007199254740991'],
    ['seed', Number.NaN, 'an integer from 0 to 9007199254740991'],
    ['seed', '42', 'an integer from 0 to 9007199254740991'],
    ['seed', null, 'an integer from 0 to 9007199254740991'],
    ['stop', 'END', 'an array of at most 8 strings'],
    ['stop', { 0: 'END' }, 'an array of at most 8 strings'],
  ])('should reject %s = %p, naming the field and what is allowed', (field, value, allowed) => {
    const error = errorOf(() => sut({ [field]: value }));

    expect(error.code).toBe(GenerationErrorCode.InvalidParameters);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field} must be ${allowed}`);
  });

  it('should reject 9 stop strings and accept 8', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `stop${i}`);

    expect(errorOf(() => sut({ stop: nine })).field).toBe('stop');
    expect(sut({ stop: nine.slice(0, 8) }).stop).toEqual(nine.slice(0, 8));
  });

  it.each([
    ['an empty string', ''],
    ['a string of 65 characters', 'x'.repeat(65)],
    ['a lone surrogate', 'ab\uD83D'],
    ['a number', 42],
  ])('should reject %s in stop, naming its index', (_name, value) => {
    const error = errorOf(() => sut({ stop: ['ok', value] }));

    expect(error.code).toBe(GenerationErrorCode.InvalidParameters);
    expect(error.field).toBe('stop[1]');
    expect(error.message).toMatch(/^stop\[1\] must be /);
  });

  it('should count stop length in characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(64);

    expect(sut({ stop: [emoji] }).stop).toEqual([emoji]);
  });

  it('should reject an unknown key, naming it and the allowed ones', () => {
    const error = errorOf(() => sut({ temperature: 0.5, top_p: 0.9 }));

    expect(error.code).toBe(GenerationErrorCode.InvalidParameters);
    expect(error.field).toBe('top_p');
    expect(error.message).toContain('"top_p" is not a generation parameter');
    expect(error.message).toContain('topP');
  });

  it.each([
    ['a string', 'greedy'],
    ['an array', [1]],
    ['a number', 3],
  ])('should reject %s as the whole input', (_n, input) => {
    expect(errorOf(() => sut(input)).field).toBe('parameters');
  });

  it('should refuse limits that are not positive integers as a configuration error', () => {
    expect(() => sut({}, { maxNewTokens: 0 })).toThrow(RangeError);
  });
});
