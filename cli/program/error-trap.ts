/**
 * Turning a program's asynchronous failures into one rejected promise.
 *
 * The Pulumi Node SDK reports failures of asynchronous work (a registration whose inputs reject, an
 * `.apply` callback that throws) by letting a promise reject unhandled; the real language host
 * (`@pulumi/pulumi/cmd/run/run.js`) listens to `unhandledRejection` / `uncaughtException` and reports
 * them. We do the same for the duration of one run, but also *detach* any listeners already installed
 * (mocha's, the CLI's) so the program's error is neither printed as "unhandled" nor blamed on an
 * unrelated test; they are re-attached, in order, by {@link ErrorTrap.restore}.
 *
 * @packageDocumentation
 */

type ProcessEvent = "unhandledRejection" | "uncaughtException";
const EVENTS: readonly ProcessEvent[] = ["unhandledRejection", "uncaughtException"];

/** Captures the first error the program raises outside the awaited call chain. */
export class ErrorTrap {
    /** Rejects with the first captured error; never resolves. Safe to leave unobserved. */
    public readonly failed: Promise<never>;
    private first: { error: unknown } | undefined;
    private rejectFailed: (error: unknown) => void = () => undefined;
    private saved: Map<ProcessEvent, Array<(...args: unknown[]) => void>> | undefined;
    private readonly listener = (error: unknown): void => this.capture(error);

    constructor() {
        this.failed = new Promise<never>((_, reject) => {
            this.rejectFailed = reject;
        });
        // `failed` is raced, not always awaited; without this its rejection would itself go unhandled.
        this.failed.catch(() => undefined);
    }

    /** The first captured error, if any. */
    public get error(): { error: unknown } | undefined {
        return this.first;
    }

    /** Records `error` (only the first one counts; later ones are usually consequences of it). */
    public capture(error: unknown): void {
        if (this.first === undefined) {
            this.first = { error };
            this.rejectFailed(error);
        }
    }

    /** Detaches existing process listeners for the two events and attaches the trap's own. */
    public install(): void {
        if (this.saved !== undefined) {
            return;
        }
        this.saved = new Map();
        for (const event of EVENTS) {
            // rawListeners keeps `once` wrappers intact so restore() puts back exactly what was there.
            this.saved.set(event, process.rawListeners(event) as Array<(...args: unknown[]) => void>);
            process.removeAllListeners(event);
            process.on(event, this.listener);
        }
    }

    /** Removes the trap's listeners and re-attaches the ones that were there before {@link install}. */
    public restore(): void {
        if (this.saved === undefined) {
            return;
        }
        for (const event of EVENTS) {
            process.removeListener(event, this.listener);
            for (const listener of this.saved.get(event) ?? []) {
                process.on(event, listener);
            }
        }
        this.saved = undefined;
    }
}
