/** Customer openings of varied length for the benchmark; request i uses prompt i modulo the list. */
export const BENCH_MESSAGES = [
  'Where is my order?',
  'Hi, I ordered a pair of running shoes ten days ago and the tracking page has not changed since Monday. Can you check what is going on?',
  'I was charged twice for my subscription this month.',
  'How do I reset my password? The link in the e-mail says it expired.',
  'Do you ship to Canada, and how long does it take?',
  'The blender I received is broken, the jar has a crack in it. I want a replacement or my money back.',
  'Can I change the delivery address of order 48213? I moved last week.',
  'What are your opening hours on public holidays?',
  'I would like to cancel my plan before the next billing date, please.',
  'My discount code SPRING20 is not accepted at checkout.',
  'hello',
  'Please send me the invoice for my last purchase with my company VAT number on it.',
  'My account is locked after too many login attempts, what now?',
  'Is the 65 inch model compatible with wall mounts of 400x400?',
  'I returned the jacket two weeks ago and still have not seen the refund on my card.',
  'I want to talk to a human, the chatbot is not helping me at all with this problem.',
];
