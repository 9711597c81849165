// The messages between the main thread and the shell-analysis worker (analysisWorker.ts).
import type { ShellAnalysis } from './types';

/** The worker's file name, next to the bundle that starts it (esbuild.mjs builds it there). */
export const ANALYSIS_WORKER_FILE = 'shell-analysis-worker.js';

export interface AnalysisRequest {
  id: number;
  command: string;
}

export type AnalysisReply = { id: number; result: ShellAnalysis; error?: undefined } | { id: number; error: string; result?: undefined };
