import { isFollowUp } from './knowledge-retrieval.service';

describe(isFollowUp.name, () => {
  it.each(['and Paraguay?', 'what about express', 'How about Saturdays?', 'klarna too?', 'and on saturday as well?'])(
    'should take %p for a follow-up',
    (text) => {
      expect(isFollowUp(text)).toBe(true);
    },
  );

  it.each([
    'ok thanks',
    'Do you ship to Peru?',
    'and then I waited three weeks for a parcel that never came, what now?',
    'android app',
  ])('should not take %p for a follow-up', (text) => {
    expect(isFollowUp(text)).toBe(false);
  });
});
