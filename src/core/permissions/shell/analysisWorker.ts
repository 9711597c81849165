// The shell analysis in a worker thread (dist/shell-analysis-worker.js, esbuild.mjs). It loads the
// parser and parses a sample command as soon as it starts, then analyses each command the main
// thread posts (analysisClient.ts). The parser's WebAssembly start-up (tens of ms) and every parse
// then run beside the agent loop instead of on its thread: in the CLI the first turns no longer
// wait for it, and in VS Code the shared extension host is not held up by it.
import { parentPort } from 'node:worker_threads';
import { analyzeCommand, prepareShellAnalysis } from './analyze';
import type { AnalysisReply, AnalysisRequest } from './analysisProtocol';

const port = parentPort;
if (port) {
  void prepareShellAnalysis();
  port.on('message', (request: AnalysisRequest) => {
    analyzeCommand(request.command).then(
      (result) => port.postMessage({ id: request.id, result } satisfies AnalysisReply),
      (err: unknown) => port.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) } satisfies AnalysisReply),
    );
  });
}
