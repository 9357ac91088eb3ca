import { RequestValidationError } from '../common/request-validation.error';
import { decodeConversationCursor, encodeConversationCursor } from './conversation-cursor';

describe('conversation cursor', () => {
  const position = { at: '2026-11-26T10:00:00.123456Z', id: '6c1f9a3e-2b7d-4c59-9a51-1f0e8d2b7c44' };

  it('should give back the position it was made from, microseconds included', () => {
    const sut = encodeConversationCursor('createdAt', position);
    expect(sut).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeConversationCursor('createdAt', sut)).toEqual(position);
  });

  it('should refuse a cursor of a listing with another sort', () => {
    const sut = encodeConversationCursor('updatedAt', position);
    expect(() => decodeConversationCursor('createdAt', sut)).toThrow(RequestValidationError);
  });

  it.each([
    'garbage',
    '',
    Buffer.from('{"s":"createdAt","t":"yesterday","i":"x"}').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
    Buffer.from(`{"s":"createdAt","t":"${position.at}","i":"1; DROP TABLE x"}`).toString('base64url'),
  ])('should refuse the forged or broken cursor %j with a 400 naming query.cursor', (cursor) => {
    expect(() => decodeConversationCursor('createdAt', cursor)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'query.cursor' })] }),
    );
  });
});
