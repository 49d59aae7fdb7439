import * as assert from 'assert/strict';
import { describe, it } from 'node:test';
import { Debouncer } from '../../src/debounce';
import { ManualTimers } from '../support/manualTimers';

describe('Debouncer', () => {
    it('runs the last action once the delay passed without another call', () => {
        const timers = new ManualTimers();
        const runs: string[] = [];
        const debouncer = new Debouncer<string>(300, timers);
        debouncer.schedule('a', () => runs.push('first'));
        timers.advance(200);
        debouncer.schedule('a', () => runs.push('second'));
        timers.advance(200);
        assert.deepEqual(runs, []);
        timers.advance(100);
        assert.deepEqual(runs, ['second']);
        assert.equal(timers.pending, 0);
    });

    it('keeps keys apart and cancels them', () => {
        const timers = new ManualTimers();
        const runs: string[] = [];
        const debouncer = new Debouncer<string>(300, timers);
        debouncer.schedule('a', () => runs.push('a'));
        debouncer.schedule('b', () => runs.push('b'));
        debouncer.schedule('c', () => runs.push('c'));
        debouncer.cancel('a');
        timers.advance(300);
        assert.deepEqual(runs, ['b', 'c']);
        debouncer.schedule('a', () => runs.push('a'));
        debouncer.cancelAll();
        timers.advance(1000);
        assert.deepEqual(runs, ['b', 'c']);
    });
});
