// Preloaded (node -r) into every process of npm run test:soak: each 5 s it appends the process's RSS and
// its event-loop delay over those 5 s (p99 and max, ms) to SOAK_PROBE_FILE as one JSON line. Plain
// JavaScript so that it loads into the built apps without ts-node.
'use strict';
const { appendFileSync } = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const file = process.env.SOAK_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const timer = setInterval(() => {
    const sample = {
      t: Date.now(),
      pid: process.pid,
      rss: process.memoryUsage.rss(),
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
    };
    delay.reset();
    try {
      appendFileSync(file, `${JSON.stringify(sample)}\n`);
    } catch {
      // The soak's work folder is gone: it is ending.
    }
  }, 5000);
  timer.unref();
}
