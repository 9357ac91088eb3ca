import { saysNoAnswer } from './no-answer';

describe(saysNoAnswer.name, () => {
  const sut = saysNoAnswer;

  it.each([
    "I'm sorry, I don't have information about that. I'll get a person from our team to help you.",
    'I’ll get a person to help you.',
    "I'll connect you with a colleague.",
    'Let me hand you over to our team.',
    'I am transferring you to an agent now.',
    "I'll pass your question on to someone who knows.",
    'Let me find a colleague for you.',
    "I don't have any information about that.",
    'Sorry, I have no details on this.',
    "I couldn't find an answer to that.",
    'A colleague will help you shortly.',
    'Someone from our team will be with you in a moment.',
    'I WILL GET A HUMAN FOR YOU.',
    // What the bundled model says to complaints and requests for a person.
    "I'm sorry about your experience. I'm handing this conversation to a human colleague now; they'll join this chat shortly.",
    "I understand. I've asked a human agent to take over; please stay in this chat, someone will reply in a few minutes.",
    "I'm sorry it has come to this. I've escalated your case to a human supervisor, ticket T-1234. They'll join here soon.",
    'A colleague will be with you in a few minutes. Your case number is T-1234.',
  ])('should find that "%s" hands over', (reply) => {
    expect(sut(reply)).toBe(true);
  });

  it.each([
    'We ship to France, Belgium and Canada within 3 to 5 working days.',
    'Our team answers emails within 24 hours, Monday to Friday.',
    'You can pay by card, PayPal or Apple Pay.',
    "I'll check your order: it left our warehouse this morning.",
    'Our support team is available from 9:00 to 17:00.',
    'You can get a refund within 30 days of delivery.',
    'Please connect your account to the app to see your orders.',
    'I have information about your order: it ships tomorrow.',
    'I can only help with orders and deliveries. Would you like me to connect you with a colleague?',
    'Shall I get a person for you?',
    '',
  ])('should find that "%s" answers', (reply) => {
    expect(sut(reply)).toBe(false);
  });
});
