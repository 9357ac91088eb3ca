import { type PassedPassage, replySources } from './reply-sources';

const SHIPPING: PassedPassage = {
  articleId: '11111111-1111-4111-8111-111111111111',
  title: 'Shipping countries',
  text: 'Fernwood Outfitters ships to Germany, France and Canada. Standard delivery takes 3 to 5 working days.',
};
const PAYMENT: PassedPassage = {
  articleId: '22222222-2222-4222-8222-222222222222',
  title: 'Payment methods',
  text: 'We accept Visa, Mastercard, PayPal and Apple Pay. Invoices are sent by email.',
};
const PAYMENT_MORE: PassedPassage = { ...PAYMENT, text: 'Gift cards cost 4.99 to activate.' };
const RETURNS: PassedPassage = {
  articleId: '33333333-3333-4333-8333-333333333333',
  title: 'Returns',
  text: 'Unworn items can be sent back within thirty days for a full refund to the original payment method.',
};

describe(replySources.name, () => {
  const sut = replySources;

  it('should name the article whose passage shares a run of three content words with the reply', () => {
    const reply = 'Yes! Unworn items can be returned, and you get a full refund to the original payment method.';

    expect(sut(reply, [SHIPPING, PAYMENT, RETURNS])).toEqual([{ articleId: RETURNS.articleId, title: 'Returns' }]);
  });

  it('should name articles sharing a number or a proper noun, best-ranked first, each once', () => {
    const reply = 'You can pay with PayPal, and delivery takes 3 to 5 working days.';

    expect(sut(reply, [PAYMENT, SHIPPING, PAYMENT_MORE, RETURNS]).map((source) => source.title)).toEqual([
      'Payment methods',
      'Shipping countries',
    ]);
  });

  it('should find an amount in a later passage of the same article', () => {
    expect(sut('Activating one costs 4.99.', [PAYMENT, PAYMENT_MORE])).toEqual([
      { articleId: PAYMENT.articleId, title: 'Payment methods' },
    ]);
  });

  it('should not count shared stop words, sentence-initial capitals or the persona’s words', () => {
    const persona = 'You are the assistant of Fernwood Outfitters.';

    expect(sut('Thanks for asking! Is there anything else I can do for you?', [SHIPPING, PAYMENT, RETURNS])).toEqual(
      [],
    );
    expect(sut('Standard questions go to our assistant at Fernwood Outfitters.', [SHIPPING], persona)).toEqual([]);
    expect(sut('Standard questions go to our assistant at Fernwood Outfitters.', [SHIPPING])).toHaveLength(1);
  });

  it('should give nothing without passages', () => {
    expect(sut('We ship to Canada.', [])).toEqual([]);
  });
});
