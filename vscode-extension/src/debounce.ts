// Running an action once after a burst of calls, per key. The timer functions
// are injected so that tests drive time by hand instead of waiting.

/** The timer functions a Debouncer uses; setTimeout and clearTimeout by default. */
export interface Timers {
    set(action: () => void, delayMs: number): unknown;
    clear(handle: unknown): void;
}

export const realTimers: Timers = {
    set: (action, delayMs) => setTimeout(action, delayMs),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Debouncer runs the last action scheduled for a key once delayMs have passed without another. */
export class Debouncer<K> {
    private readonly pending = new Map<K, unknown>();

    constructor(
        private readonly delayMs: number,
        private readonly timers: Timers = realTimers,
    ) {}

    schedule(key: K, action: () => void): void {
        this.cancel(key);
        const handle = this.timers.set(() => {
            this.pending.delete(key);
            action();
        }, this.delayMs);
        this.pending.set(key, handle);
    }

    cancel(key: K): void {
        const handle = this.pending.get(key);
        if (handle !== undefined) {
            this.timers.clear(handle);
            this.pending.delete(key);
        }
    }

    cancelAll(): void {
        for (const key of [...this.pending.keys()]) {
            this.cancel(key);
        }
    }
}
