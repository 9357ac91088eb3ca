import { isNonPublicAddress, parseReceiverUrl, resolveReceiver } from './receiver-address-policy';
import { WebhookErrorCode } from './webhook.error';

describe('receiver address policy', () => {
  describe(isNonPublicAddress.name, () => {
    it.each([
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '0.0.0.0',
      '224.0.0.251',
      '255.255.255.255',
      '::',
      '::1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '64:ff9b::a9fe:a9fe',
      'not an address',
    ])('should refuse %s', (address) => {
      expect(isNonPublicAddress(address)).toBe(true);
    });

    it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
      'should allow %s',
      (address) => {
        expect(isNonPublicAddress(address)).toBe(false);
      },
    );
  });

  describe(parseReceiverUrl.name, () => {
    it.each([
      'ftp://example.com/',
      'file:///etc/passwd',
      'https://user:pw@example.com/',
      'https://user@example.com/',
      'nope',
    ])('should refuse %s', (url) => {
      expect(() => parseReceiverUrl(url)).toThrow(expect.objectContaining({ code: WebhookErrorCode.UrlNotAllowed }));
    });
  });

  describe(resolveReceiver.name, () => {
    const lookupTo =
      (...addresses: string[]) =>
      () =>
        Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

    it('should connect to the first address when every address is public', async () => {
      const sut = await resolveReceiver('https://hooks.example.com:8443/in?x=1', {
        allowPrivateNetworks: false,
        lookup: lookupTo('93.184.216.34', '2606:4700::1111'),
      });
      expect(sut).toMatchObject({ hostname: 'hooks.example.com', address: '93.184.216.34', family: 4 });
      expect(sut.url.port).toBe('8443');
    });

    it('should refuse a host with any private address among its answers', async () => {
      await expect(
        resolveReceiver('https://rebind.example.com/', {
          allowPrivateNetworks: false,
          lookup: lookupTo('93.184.216.34', '10.0.0.5'),
        }),
      ).rejects.toMatchObject({ code: WebhookErrorCode.UrlNotAllowed, message: expect.stringContaining('10.0.0.5') });
    });

    it('should allow private addresses when configured, and take IP literals without a lookup', async () => {
      const lookup = jest.fn(lookupTo('10.0.0.5'));
      await expect(
        resolveReceiver('http://internal.example/', { allowPrivateNetworks: true, lookup }),
      ).resolves.toMatchObject({ address: '10.0.0.5' });
      await expect(
        resolveReceiver('http://[::1]:8080/', { allowPrivateNetworks: true, lookup }),
      ).resolves.toMatchObject({
        hostname: '::1',
        address: '::1',
        family: 6,
      });
      expect(lookup).toHaveBeenCalledTimes(1);
    });

    it('should say when a host does not resolve', async () => {
      const lookup = () => Promise.reject(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }));
      await expect(
        resolveReceiver('https://missing.example/', { allowPrivateNetworks: false, lookup }),
      ).rejects.toMatchObject({
        code: WebhookErrorCode.UrlUnresolvable,
        message: expect.stringContaining('ENOTFOUND'),
      });
    });
  });
});
