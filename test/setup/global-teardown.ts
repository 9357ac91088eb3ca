export default async function globalTeardown(): Promise<void> {
  await globalThis.__NEODESK_TEST_DB__?.drop();
  await globalThis.__NEODESK_TEST_REDIS__?.stop();
}
