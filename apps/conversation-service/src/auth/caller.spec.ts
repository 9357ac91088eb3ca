import { effectiveScopes, scopesOfRole } from './caller';

describe('caller scopes', () => {
  describe(effectiveScopes.name, () => {
    it('should let each scope include the ones before it', () => {
      expect(effectiveScopes(['read'])).toEqual(['read']);
      expect(effectiveScopes(['write'])).toEqual(['read', 'write']);
      expect(effectiveScopes(['admin'])).toEqual(['read', 'write', 'admin']);
      expect(effectiveScopes(['read', 'admin'])).toEqual(['read', 'write', 'admin']);
    });
  });

  describe(scopesOfRole.name, () => {
    it('should give agents read and write, and admins everything', () => {
      expect(scopesOfRole('agent')).toEqual(['read', 'write']);
      expect(scopesOfRole('admin')).toEqual(['read', 'write', 'admin']);
    });
  });
});
