import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirLock } from './data-dir-lock';
import { DatabaseErrorCode } from './database.error';

describe(DataDirLock.name, () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neodesk-lock-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should hold the data dir until released', () => {
    const sut = DataDirLock.acquire(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'neodesk.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(() => DataDirLock.acquire(dir)).toThrow(expect.objectContaining({ code: DatabaseErrorCode.DataDirLocked }));
    sut.release();
    expect(fs.existsSync(path.join(dir, 'neodesk.lock'))).toBe(false);
    DataDirLock.acquire(dir).release();
  });

  it('should refuse a data dir held by another live process and name it', async () => {
    const holder = spawn('sleep', ['30']);
    try {
      fs.writeFileSync(
        path.join(dir, 'neodesk.lock'),
        JSON.stringify({ pid: holder.pid, hostname: os.hostname(), startedAt: '2026-11-26T00:00:00Z' }),
      );
      expect(() => DataDirLock.acquire(dir)).toThrow(`is in use by process ${holder.pid}`);
    } finally {
      holder.kill();
      await new Promise((resolve) => holder.once('exit', resolve));
    }
  });

  it('should take over a lock left by a process that died', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    fs.writeFileSync(
      path.join(dir, 'neodesk.lock'),
      JSON.stringify({ pid: dead.pid, hostname: os.hostname(), startedAt: 'x' }),
    );
    const sut = DataDirLock.acquire(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'neodesk.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    sut.release();
  });

  it('should treat a torn lock file as stale', () => {
    fs.writeFileSync(path.join(dir, 'neodesk.lock'), '{"pid":');
    DataDirLock.acquire(dir).release();
  });

  it('should explain an unwritable data dir', () => {
    const missing = path.join(dir, 'does', 'not', 'exist');
    expect(() => DataDirLock.acquire(missing)).toThrow(
      expect.objectContaining({ code: DatabaseErrorCode.DataDirUnusable }),
    );
  });
});
