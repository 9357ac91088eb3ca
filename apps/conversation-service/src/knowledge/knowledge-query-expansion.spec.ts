import { expandQuery } from './knowledge-query-expansion';

describe(expandQuery.name, () => {
  it.each([
    ['can I send these shoes back?', 'return'],
    ['when do i get my money', 'refund'],
    ['How much is shipping?', 'cost'],
    ['whats the postage', 'shipping cost'],
    ['when will it be delivered', 'delivery'],
    ['do you take amex', 'accept'],
    ['can i pay by card', 'payment'],
    ['which payments work', 'pay'],
    ['got a promo code', 'discount code'],
    ["I can't log in", 'account password'],
    ['when do you open tomorrow', 'hours'],
    ['wheres my package', 'tracking order'],
    ['ship to the UK?', 'united kingdom'],
  ])('should add the help centre words to %p', (question, words) => {
    expect(expandQuery(question)).toBe(`${question} ${words}`);
  });

  it('should leave a question without customer wording as it is', () => {
    expect(expandQuery('Do you ship to Austria?')).toBe('Do you ship to Austria?');
    expect(expandQuery('use the us keyboard')).toBe('use the us keyboard');
  });
});
