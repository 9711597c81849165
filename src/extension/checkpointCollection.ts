// Keeps the checkpoint store within its disk quota: once per window, a minute after start (never on
// the activation path), blobs no session can rewind to any more are collected (core/checkpoints/collect.ts).
import { join } from 'node:path';
import * as vscode from 'vscode';
import { BlobStore } from '../core/checkpoints/blobStore';
import { collectBlobs } from '../core/checkpoints/collect';

const DELAY_MS = 60_000;

export function scheduleBlobCollection(storageDir: string, log: vscode.LogOutputChannel, delayMs = DELAY_MS): vscode.Disposable {
  const timer = setTimeout(() => {
    const quotaMb = vscode.workspace.getConfiguration('tandem').get<number>('checkpoints.diskQuotaMB', 1024);
    collectBlobs({
      store: new BlobStore(join(storageDir, 'checkpoints')),
      sessionDirs: [join(storageDir, 'projects')],
      quotaBytes: Math.max(0, quotaMb) * 1024 * 1024,
    }).then(
      (r) => log.info(`Checkpoints: removed ${r.unreferenced} unused and ${r.overQuota} over-quota blobs (${r.freedBytes} bytes); ${r.keptBytes} bytes kept.`),
      (err) => log.warn(`Checkpoints: collecting unused blobs failed: ${(err as Error).message}`),
    );
  }, delayMs);
  timer.unref?.();
  return new vscode.Disposable(() => clearTimeout(timer));
}
