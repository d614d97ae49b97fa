/**
 * Preloaded into a benchmarked child (`node --import ./exit-stats.ts ...`): on exit, writes the
 * process's own peak RSS and CPU time to RIGHTSIZE_BENCH_STATS_FILE. Node reports no resource
 * usage for children, so each child reports its own.
 */
import { writeFileSync } from "node:fs";

const target = process.env.RIGHTSIZE_BENCH_STATS_FILE;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({
        // maxRSS is in kilobytes.
        maxRssBytes: usage.maxRSS * 1024,
        userCpuSeconds: usage.userCPUTime / 1e6,
        systemCpuSeconds: usage.systemCPUTime / 1e6,
      }),
    );
  });
}
