// Timers that run only when a test moves time forward, so that debounced
// behaviour is tested without waiting.
import type { Timers } from '../../src/debounce';

/** ManualTimers runs timers only when the test says time has passed. */
export class ManualTimers implements Timers {
    private next = 0;
    private readonly timers = new Map<number, { action: () => void; at: number }>();
    now = 0;

    set(action: () => void, delayMs: number): unknown {
        const handle = ++this.next;
        this.timers.set(handle, { action, at: this.now + delayMs });
        return handle;
    }

    clear(handle: unknown): void {
        this.timers.delete(handle as number);
    }

    /** advance moves time forward and runs the timers that became due. */
    advance(ms: number): void {
        this.now += ms;
        for (const [handle, timer] of [...this.timers]) {
            if (timer.at <= this.now) {
                this.timers.delete(handle);
                timer.action();
            }
        }
    }

    get pending(): number {
        return this.timers.size;
    }
}
