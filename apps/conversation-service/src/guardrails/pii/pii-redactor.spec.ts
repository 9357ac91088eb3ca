import { findPii, isCardNumber, isIban, redactPii, redactPiiDeep } from './pii-redactor';

describe('redactPii', () => {
  describe('card numbers', () => {
    it.each([
      ['my card is 4242 4242 4242 4242 thanks', 'my card is [card ending 4242] thanks'],
      ['4111-1111-1111-1111', '[card ending 1111]'],
      ['5555555555554444.', '[card ending 4444].'],
      ['amex 3782 822463 10005 ok', 'amex [card ending 0005] ok'],
      ['order 12 4242 4242 4242 4242', 'order 12 [card ending 4242]'],
      ['card 6011111111111117 and 4000056655665556', 'card [card ending 1117] and [card ending 5556]'],
    ])('should mask %j', (text, expected) => {
      expect(redactPii(text)).toBe(expected);
    });

    it.each([
      ['a Luhn-invalid number', 'card 4242 4242 4242 4241'],
      ['an order number', 'order 123456789012345'],
      ['an order number with dashes', 'order 2024-0000-1234-5678'],
      ['a millisecond timestamp', 'at 1796250000000 exactly'],
      ['a price', 'it cost 1,299.00 EUR and 4242.42'],
      ['a tracking number', 'tracking 1Z999AA10123456784'],
      ['a twelve-digit number', 'ref 424242424242'],
      ['digits inside a word', 'ref ABC4242424242424242'],
    ])('should leave %s', (_name, text) => {
      expect(redactPii(text)).toBe(text);
    });

    it('should check Luhn on network prefixes only', () => {
      expect(isCardNumber('4242424242424242')).toBe(true);
      expect(isCardNumber('4242424242424241')).toBe(false);
      expect(isCardNumber('0000000000000000')).toBe(false);
      expect(isCardNumber('1234567812345670')).toBe(false);
    });
  });

  describe('IBANs', () => {
    it.each([
      ['pay to DE89 3704 0044 0532 0130 00 please', 'pay to [iban] please'],
      ['GB82WEST12345698765432', '[iban]'],
      ['iban: fr14 2004 1010 0505 0001 3m02 606.', 'iban: [iban].'],
      ['NL91ABNA0417164300 and more', '[iban] and more'],
    ])('should mask %j', (text, expected) => {
      expect(redactPii(text)).toBe(expected);
    });

    it('should refuse a wrong check digit', () => {
      expect(isIban('DE89370400440532013001')).toBe(false);
      expect(isIban('DE89370400440532013000')).toBe(true);
      expect(redactPii('DE88 3704 0044 0532 0130 00')).toBe('DE88 3704 0044 0532 0130 00');
    });
  });

  describe('e-mail addresses', () => {
    it.each([
      ['write to jane.doe+shop@example.co.uk now', 'write to [email] now'],
      ['<ops@mail.example.com>', '<[email]>'],
      ['jürgen@bücher.de', '[email]'],
    ])('should mask %j', (text, expected) => {
      expect(redactPii(text)).toBe(expected);
    });

    it.each([['@handle mentions'], ['a @ b'], ['price@5']])('should leave %j', (text) => {
      expect(redactPii(text)).toBe(text);
    });
  });

  describe('phone numbers', () => {
    it.each([
      ['call +44 20 7946 0958 today', 'call [phone] today'],
      ['+1 (555) 123-4567', '[phone]'],
      ['+4915112345678', '[phone]'],
      ['0044 20 7946 0958', '[phone]'],
      ['my number is 020 7946 0958.', 'my number is [phone].'],
      ['06 12 34 56 78', '[phone]'],
      ['(030) 1234567', '[phone]'],
      ['0151-1234 5678', '[phone]'],
      ['(555) 123-4567', '[phone]'],
      ['555-123-4567', '[phone]'],
      ['555.123.4567', '[phone]'],
    ])('should mask %j', (text, expected) => {
      expect(redactPii(text)).toBe(expected);
    });

    it.each([
      ['a European date', 'delivered on 01.02.2024'],
      ['a date and time', 'on 01.02.2024 10:30 please'],
      ['an ISO date', 'since 2024-01-15'],
      ['a US date', 'since 01/15/2024'],
      ['a spaced date', 'on 15 03 2024'],
      ['an order number', 'order #0012345678'],
      ['an order number with a year', 'ORD-2024-000123'],
      ['a compact national number (ambiguous with order numbers)', 'ref 0612345678'],
      ['a price', 'it costs 0.99 or 1 299,00 EUR'],
      ['an IP address', 'from 192.168.100.200'],
      ['a version', 'version 10.2.3'],
      ['a time range', '09:00-17:30'],
      ['a short number', '+49 123'],
    ])('should leave %s', (_name, text) => {
      expect(redactPii(text)).toBe(text);
    });
  });

  describe('typed passwords', () => {
    it.each([
      ['my password is hunter2', 'my password is [password]'],
      ['Password: S3cr3t!x', 'Password: [password]'],
      ['pwd=abc123', 'pwd=[password]'],
      ['the password for my account is "Tr0ub4dor&3" ok', 'the password for my account is "[password]" ok'],
      ['PIN 1234? no: pin: 1234', 'PIN 1234? no: pin: [password]'],
      ['passcode is 998877', 'passcode is [password]'],
      ['mot de passe est chat42', 'mot de passe est [password]'],
    ])('should mask %j', (text, expected) => {
      expect(redactPii(text)).toBe(expected);
    });

    it.each([
      ['my password is not working'],
      ['I forgot my password yesterday'],
      ['the password is wrong'],
      ['password reset please'],
      ['my password is expired.'],
    ])('should leave %j', (text) => {
      expect(redactPii(text)).toBe(text);
    });
  });

  it('should mask everything in one message and say which kinds it found', () => {
    const text =
      'I am jane@example.com, card 4242 4242 4242 4242, IBAN DE89 3704 0044 0532 0130 00, ' +
      'call +44 20 7946 0958, password: hunter2';
    expect(redactPii(text)).toBe(
      'I am [email], card [card ending 4242], IBAN [iban], call [phone], password: [password]',
    );
    expect(findPii(text).map((match) => match.kind)).toEqual(['email', 'card', 'iban', 'phone', 'password']);
  });

  it('should leave ordinary support text untouched', () => {
    const text =
      'Hi, my order 100234 from 2024-03-02 (3 items, 49.99 EUR) has not arrived. Ticket #55123, v2.4.1, 10:45.';
    expect(redactPii(text)).toBe(text);
  });

  it('should mask the strings of nested data and keep the skipped keys', () => {
    const sut = redactPiiDeep(
      { id: '4242424242424242', msg: 'from a@b.io', nested: [{ text: 'card 4242424242424242' }, 7, null] },
      (key) => key === 'id',
    );
    expect(sut).toEqual({
      id: '4242424242424242',
      msg: 'from [email]',
      nested: [{ text: 'card [card ending 4242]' }, 7, null],
    });
  });
});
