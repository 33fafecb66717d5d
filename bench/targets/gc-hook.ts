/**
 * Preloaded (`--expose-gc --import`) into every server process, Parley's and the baselines' alike,
 * so the orchestrator can ask for a full collection with SIGUSR2 before it reads RSS: otherwise the
 * figure would depend on when V8 last happened to collect, not on what each connection keeps.
 */
process.on('SIGUSR2', () => {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
});
