/**
 * Noticing that a program still has timers or I/O outstanding, so a run is not declared finished while
 * an `.apply` callback is waiting on, say, `fs.promises.readFile` or a `setTimeout` before creating a
 * resource.
 *
 * The real language host simply lets the Node event loop drain. A run inside a longer-lived process
 * (mocha, or a CLI doing more afterwards) cannot wait for that, so we approximate it: compare
 * `process.getActiveResourcesInfo()` (the ref'd handles and requests keeping the loop alive, by type)
 * with a baseline taken just before the program started. Anything above the baseline was started by
 * the run. `unref()`'d work is not listed, matching the host, which would not wait for it either.
 *
 * Measured alternative: an `async_hooks` hook attributes resources exactly, but enabling it turns on
 * promise hooks and roughly doubled run time (fixture: ~50 → ~100 ms per run, first run ~0.6 → ~1.3 s).
 * The baseline diff costs nothing; its imprecision (a host timer finishing during the run can mask a
 * program timer) only matters in processes that do unrelated work concurrently with a run.
 *
 * @packageDocumentation
 */

/** Counts of active (loop-keeping) resources by type. */
type Census = Map<string, number>;

/** Compares the process's active resources with a baseline. */
export class PendingWorkTracker {
    /** Taken at construction too, so `active()` is meaningful even if the run fails before `start()`. */
    private baseline: Census = census();

    /** Takes the baseline: call right before the program starts, after the runner's own long-lived timers exist. */
    public start(): void {
        this.baseline = census();
    }

    /** Resource types (one entry per extra instance) active now beyond the baseline. */
    public active(): string[] {
        const extra: string[] = [];
        for (const [type, count] of census()) {
            for (let i = this.baseline.get(type) ?? 0; i < count; i++) {
                extra.push(type);
            }
        }
        return extra;
    }
}

function census(): Census {
    const counts: Census = new Map();
    // Present since Node 17.3; absent (older or non-Node runtimes) means "cannot tell", i.e. nothing pending.
    const info = typeof process.getActiveResourcesInfo === "function" ? process.getActiveResourcesInfo() : [];
    for (const type of info) {
        counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    return counts;
}
