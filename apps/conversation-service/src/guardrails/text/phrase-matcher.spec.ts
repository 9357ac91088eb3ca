import { DEFAULT_BLOCKED_TERMS, findAbusiveTerm } from './default-blocked-terms';
import { PhraseMatcher } from './phrase-matcher';
import { splitWords } from './text-words';

describe(PhraseMatcher.name, () => {
  it('should find a phrase as whole words in any case, with its offsets', () => {
    const sut = new PhraseMatcher(['refund has been issued']);
    const text = 'Good news: your REFUND has been Issued today.';

    const match = sut.find(text);

    expect(match).toEqual({ phrase: 'refund has been issued', start: 16, end: 38, text: 'REFUND has been Issued' });
    expect(text.slice(match!.start, match!.end)).toBe('REFUND has been Issued');
  });

  it('should not match inside a longer word', () => {
    const sut = new PhraseMatcher(['ass', 'guarantee']);

    expect(sut.find('Let me assist you with the assessment; guarantees vary.')).toBeNull();
    expect(sut.find('We guarantee it.')?.text).toBe('guarantee');
  });

  it('should match across any whitespace and punctuation between the words', () => {
    const sut = new PhraseMatcher(["i've refunded"]);

    expect(sut.find('Done!  I’ve\n\n   refunded it.')?.text).toBe('I’ve\n\n   refunded');
    expect(sut.find('I ve... refunded')?.text).toBe('I ve... refunded');
    expect(sut.find('I have refunded')).toBeNull();
  });

  it('should read full-width letters, accents and non-Latin scripts', () => {
    const sut = new PhraseMatcher(['ｆｒａｕｄ', 'café crème', 'дурак', '馬鹿']);

    expect(sut.find('this is FRAUD')?.text).toBe('FRAUD');
    expect(sut.find('Un CAFÉ  Crème, svp')?.text).toBe('CAFÉ  Crème');
    expect(sut.find('ты ДУРАК!')?.text).toBe('ДУРАК');
    expect(sut.find('あなたは馬鹿です')).toMatchObject({ text: '馬鹿', start: 4, end: 6 });
    expect(sut.find('cafés crème')).toBeNull();
  });

  it('should see through leet digits and letters spelled out one by one', () => {
    const sut = new PhraseMatcher(['shit', 'idiot']);

    expect(sut.find('what a sh1t service')?.text).toBe('sh1t');
    expect(sut.find('you i d i o t')?.text).toBe('i d i o t');
    expect(sut.find('you i.d.i.o.t!')?.text).toBe('i.d.i.o.t');
    expect(sut.find('plan a b c d')).toBeNull();
  });

  it('should treat a trailing * as any word that starts with it', () => {
    const sut = new PhraseMatcher(['fuck*']);

    expect(sut.find('what the FUCKING hell')?.text).toBe('FUCKING');
    expect(sut.find('unfucking')).toBeNull();
  });

  it('should report the earliest match and only those from the given offset', () => {
    const sut = new PhraseMatcher(['beta', 'alpha']);
    const text = 'beta then alpha then beta';

    expect(sut.find(text)?.start).toBe(0);
    expect(sut.find(text, { from: 1 })?.start).toBe(10);
  });

  it('should leave a growing text’s last word alone until it ends', () => {
    const sut = new PhraseMatcher(['idiot', 'fuck*']);

    expect(sut.find('you idiot', { growing: true })).toBeNull();
    expect(sut.find('you idiot', { growing: false })?.text).toBe('idiot');
    expect(sut.find('you idiot ', { growing: true })?.text).toBe('idiot');
    expect(sut.find('you idiots ', { growing: true })).toBeNull();
    expect(sut.find('oh fuck', { growing: true })?.text).toBe('fuck');
  });

  it('should say where text that could still become a phrase starts', () => {
    const sut = new PhraseMatcher(['refund has been issued', 'idiot']);

    expect(sut.pendingFrom('Your refund has')).toBe(5);
    expect(sut.pendingFrom('Your refund has ')).toBe(5);
    expect(sut.pendingFrom('Your refund has gone')).toBe(20);
    expect(sut.pendingFrom('Hello id')).toBe(6);
    expect(sut.pendingFrom('Hello i d')).toBe(6);
    expect(sut.pendingFrom('Hello world')).toBe(11);
    expect(sut.pendingFrom('Hello world.')).toBe(12);
  });

  it('should match nothing without phrases, and skip phrases without words', () => {
    expect(new PhraseMatcher([]).find('anything')).toBeNull();
    expect(new PhraseMatcher(['!!!', '  ']).isEmpty).toBe(true);
    expect(new PhraseMatcher(['a b c', 'x']).longestPhraseWords).toBe(3);
  });
});

describe(findAbusiveTerm.name, () => {
  it('should find common profanity, insults and slurs', () => {
    expect(findAbusiveTerm('This is F*CKING useless')).toBeNull();
    expect(findAbusiveTerm('This is fucking useless')?.text).toBe('fucking');
    expect(findAbusiveTerm('you are an IDIOT')?.text).toBe('IDIOT');
    expect(findAbusiveTerm('piss   off')?.text).toBe('piss   off');
    expect(findAbusiveTerm('what a r e t a r d')?.text).toBe('r e t a r d');
  });

  it('should leave ordinary support talk alone', () => {
    const ordinary = [
      'Damn, my order is late again and the app crashed. This is so stupid!',
      'I need help with my class assignment; the scunthorpe office assessed it.',
      'Could you assist me? I think the cocktail shop charged me twice.',
      'Hello, I want to cancel my subscription and get my money back.',
      'The dickens of a problem: my password reset link has expired.',
    ];

    for (const text of ordinary) {
      expect(findAbusiveTerm(text)).toBeNull();
    }
  });

  it('should check a workspace’s own terms as well', () => {
    expect(findAbusiveTerm('you clown', ['clown'])?.text).toBe('clown');
    expect(findAbusiveTerm('you clown')).toBeNull();
  });

  it('should hold only words and phrases the matcher can read', () => {
    for (const term of DEFAULT_BLOCKED_TERMS) {
      expect(splitWords(term).length).toBeGreaterThan(0);
      expect(term).toBe(term.toLowerCase());
    }
  });
});
