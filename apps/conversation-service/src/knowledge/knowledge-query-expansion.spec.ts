import { expandQuery } from './knowledge-query-expansion';

describe(expandQuery.name, () => {
  it.each([
    ['can I send these shoes back?', 'return'],
    ['when do i get my money', 'refund'],
    ['How much is shipping?', 'cost'],
    ['whats the postage', 'shipping cost'],
    ['when will it be delivered', 'delivery'],
    ['do you take amex', 'accept payment'],
    ['do you deliver to Austria?', 'delivery ship countries'],
    ['I am living in Belarus, can I order?', 'ship countries'],
    ['which courier do you use', 'ship carrier'],
    ['can i phone you', 'call contact'],
    ['is there a guarantee', 'warranty'],
    ['can i pay by card', 'payment'],
    ['which payments work', 'pay'],
    ['got a promo code', 'discount'],
    ["I can't log in", 'account password'],
    ['when do you open tomorrow', 'hours'],
    ['wheres my package', 'tracking order'],
    ['ship to the UK?', 'united kingdom countries'],
  ])('should add the help centre words to %p', (question, words) => {
    expect(expandQuery(question)).toBe(`${question} ${words}`);
  });

  it('should add each word once and none the question already has', () => {
    expect(expandQuery('Do you ship to Austria and Canada?')).toBe('Do you ship to Austria and Canada? countries');
    expect(expandQuery('and austria?')).toBe('and austria?');
    expect(expandQuery('do you take paypal payments')).toBe('do you take paypal payments accept pay payment');
  });

  it('should leave a question without customer wording as it is', () => {
    expect(expandQuery('Do you ship abroad?')).toBe('Do you ship abroad?');
    expect(expandQuery('use the us keyboard')).toBe('use the us keyboard');
  });
});
