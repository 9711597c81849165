// Collection of checkpoint blobs against real session logs and a real blob store on disk.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BlobStore } from '../../src/core/checkpoints/blobStore';
import { collectBlobs } from '../../src/core/checkpoints/collect';
import { SessionLog } from '../../src/core/session/log';

describe('checkpoint blob collection', () => {
  let dir: string;
  let store: BlobStore;
  let sessions: string;
  const HOUR = 3600_000;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-collect-'));
    store = new BlobStore(path.join(dir, 'checkpoints'));
    sessions = path.join(dir, 'projects');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A session log naming `hashes` in a checkpoint event, last written `ageMs` ago. */
  function session(project: string, hashes: string[], ageMs: number): string {
    const log = SessionLog.create(path.join(sessions, project), { cwd: '/w', provider: 'anthropic', model: 'm' });
    log.append({ type: 'user_message', id: 'u1', text: 'hi' });
    log.append({ type: 'checkpoint', userMessageId: 'u1', files: hashes.map((h, i) => ({ path: `/w/f${i}`, hash: h })) });
    log.close();
    const t = (Date.now() - ageMs) / 1000;
    fs.utimesSync(log.file, t, t);
    return log.file;
  }

  function age(hash: string, ageMs: number): void {
    const t = (Date.now() - ageMs) / 1000;
    fs.utimesSync(store.pathOf(hash), t, t);
  }

  it('removes blobs no session log names once they are older than the grace period, and keeps the rest', async () => {
    const named = await store.put('named by a session\n');
    const orphanOld = await store.put('nobody names this, written long ago\n');
    const orphanNew = await store.put('nobody names this yet: a live session may be about to log it\n');
    age(named, 5 * HOUR);
    age(orphanOld, 5 * HOUR);
    session('p1', [named], 0);
    fs.mkdirSync(path.join(store.dir, '.windows'), { recursive: true });
    fs.writeFileSync(path.join(store.dir, '.windows', 'marker'), '');

    const r = await collectBlobs({ store, sessionDirs: [sessions], graceMs: HOUR });
    assert.equal(r.unreferenced, 1);
    assert.equal(r.overQuota, 0);
    assert.equal(await store.has(named), true);
    assert.equal(await store.has(orphanOld), false);
    assert.equal(await store.has(orphanNew), true);
    assert.ok(fs.existsSync(path.join(store.dir, '.windows', 'marker')), 'non-blob files are left alone');
  });

  it('a blob becomes collectable when the last session naming it is deleted', async () => {
    const h = await store.put('x');
    age(h, 2 * HOUR);
    const file = session('p1', [h], 2 * HOUR);
    assert.equal((await collectBlobs({ store, sessionDirs: [sessions] })).unreferenced, 0);
    fs.rmSync(file);
    assert.equal((await collectBlobs({ store, sessionDirs: [sessions] })).unreferenced, 1);
    assert.equal(await store.has(h), false);
  });

  it('above the quota, removes the blobs of the oldest sessions first and never those of a recent one', async () => {
    const big = (c: string) => c.repeat(1000);
    const oldest = await store.put(big('a'));
    const middle = await store.put(big('b'));
    const shared = await store.put(big('c')); // named by the oldest and by the newest session
    const recent = await store.put(big('d'));
    for (const h of [oldest, middle, shared, recent]) age(h, 10 * 24 * HOUR);
    session('p1', [oldest, shared], 9 * 24 * HOUR);
    session('p2', [middle], 5 * 24 * HOUR);
    session('p3', [shared, recent], 0);

    const r = await collectBlobs({ store, sessionDirs: [sessions], quotaBytes: 2500 });
    assert.equal(r.overQuota, 2);
    assert.equal(await store.has(oldest), false);
    assert.equal(await store.has(middle), false);
    assert.equal(await store.has(shared), true, 'a blob the newest session needs stays');
    assert.equal(await store.has(recent), true);
    assert.equal(r.keptBytes, 2000);
    await assert.rejects(store.get(oldest), /missing .* cannot be restored/);
  });

  it('reads logs with torn or corrupt lines, and an empty or missing store', async () => {
    const h = await store.put('kept');
    age(h, 2 * HOUR);
    const file = session('p1', [h], 0);
    fs.appendFileSync(file, '{"type":"checkpoint","files":[{"hash":\n not json "checkpoint"\n');
    assert.equal((await collectBlobs({ store, sessionDirs: [sessions] })).unreferenced, 0);
    const empty = new BlobStore(path.join(dir, 'none'));
    assert.deepEqual(await collectBlobs({ store: empty, sessionDirs: [path.join(dir, 'missing')] }), { unreferenced: 0, overQuota: 0, freedBytes: 0, keptBytes: 0 });
  });
});
