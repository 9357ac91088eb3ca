import {
  findRepeatedQuestion,
  isRepeatedQuestion,
  leastConfidentPart,
  lowConfidence,
  lowConfidenceDetail,
  negativeRatingsInARow,
  normalizeQuestion,
} from './confidence-rules';

const thresholds = { minMeanTokenProbability: 0.8, minTokenProbability: 0.1 };

describe('confidence rules', () => {
  describe(lowConfidence.name, () => {
    it('should pass a reply at or above both thresholds', () => {
      expect(lowConfidence({ meanTokenProbability: 0.8, minTokenProbability: 0.1 }, thresholds)).toBeNull();
    });

    it('should flag a mean under its threshold and a least token under its own, each on its own', () => {
      expect(lowConfidence({ meanTokenProbability: 0.79, minTokenProbability: 0.5 }, thresholds)).toEqual({
        meanTooLow: true,
        minTooLow: false,
      });
      expect(lowConfidence({ meanTokenProbability: 0.95, minTokenProbability: 0.09 }, thresholds)).toEqual({
        meanTooLow: false,
        minTooLow: true,
      });
    });

    it('should treat a threshold of 0 as off and a reply without figures as nothing to judge', () => {
      const off = { minMeanTokenProbability: 0, minTokenProbability: 0 };
      expect(lowConfidence({ meanTokenProbability: 0.01, minTokenProbability: 0 }, off)).toBeNull();
      expect(lowConfidence({ meanTokenProbability: null, minTokenProbability: null }, thresholds)).toBeNull();
    });

    it('should say which figure fell under which threshold', () => {
      const figures = { meanTokenProbability: 0.5, minTokenProbability: 0.2 };
      const detail = lowConfidenceDetail({ meanTooLow: true, minTooLow: false }, figures, thresholds);
      expect(detail).toContain('mean token probability 0.500 is under 0.800');
      expect(detail).toContain('least confident token 0.200');
    });
  });

  describe(leastConfidentPart.name, () => {
    it('should point at the piece with the least likely token, with some text around it', () => {
      const pieces = [
        { text: 'Your order ', logprobs: [-0.01, -0.02] },
        { text: 'ships tomorrow', logprobs: [-0.05, -3.2] },
        { text: ' by courier.', logprobs: [-0.1] },
      ];
      expect(leastConfidentPart(pieces, 'unused')).toBe('Your order ships tomorrow by courier.');
      const long = [{ text: 'x'.repeat(100), logprobs: [-0.1] }, ...pieces.slice(1)];
      expect(leastConfidentPart(long, 'unused')).toBe(`…${'x'.repeat(40)}ships tomorrow by courier.`);
    });

    it('should fall back to the reply text when no piece carries figures', () => {
      expect(leastConfidentPart([{ text: 'Hi', logprobs: [] }], ' The whole reply ')).toBe('The whole reply');
    });
  });

  describe(isRepeatedQuestion.name, () => {
    it('should match the same question whatever its case, punctuation and spacing', () => {
      expect(normalizeQuestion('  Where is MY order?!  ')).toBe('where is my order');
      expect(isRepeatedQuestion('Where is my order?', 'where is   my order')).toBe(true);
    });

    it('should match a question that shares most of its words with an earlier one', () => {
      // 5 shared of 6 distinct words (0.83) and 4 of 5 (0.8): the same question; 4 of 6 (0.67): another.
      expect(isRepeatedQuestion('when will my parcel arrive', 'when will my parcel arrive now')).toBe(true);
      expect(isRepeatedQuestion('where is my order please', 'where is my order')).toBe(true);
      expect(isRepeatedQuestion('where is my order and invoice', 'where is my order')).toBe(false);
    });

    it('should not match different questions or short answers that come up again naturally', () => {
      expect(isRepeatedQuestion('Where is my order?', 'How do I reset my password?')).toBe(false);
      expect(isRepeatedQuestion('yes please', 'Yes please!')).toBe(false);
      expect(isRepeatedQuestion('ok', 'ok')).toBe(false);
    });

    it('should find the newest earlier message repeated', () => {
      const earlier = [
        { seq: 1, text: 'I want to return my jacket' },
        { seq: 3, text: 'thanks' },
        { seq: 5, text: 'i want to return my jacket!' },
      ];
      expect(findRepeatedQuestion('I want to return my jacket', earlier)?.seq).toBe(5);
      expect(findRepeatedQuestion('What are your opening hours?', earlier)).toBeNull();
    });
  });

  describe(negativeRatingsInARow.name, () => {
    const replies = [
      { seq: 2, feedback: 'negative' as const },
      { seq: 4, feedback: null },
      { seq: 6, feedback: 'negative' as const },
      { seq: 8, feedback: 'negative' as const },
    ];

    it('should fire when the reply before or after the one just rated down is rated down too', () => {
      expect(negativeRatingsInARow(replies, 8)).toBe(true);
      expect(negativeRatingsInARow(replies, 6)).toBe(true);
    });

    it('should not fire when an unrated or liked reply separates two thumbs-down, or on a thumbs-up', () => {
      expect(negativeRatingsInARow(replies, 2)).toBe(false);
      expect(negativeRatingsInARow([...replies.slice(0, 3), { seq: 8, feedback: 'positive' }], 8)).toBe(false);
      expect(negativeRatingsInARow(replies, 99)).toBe(false);
    });
  });
});
