// Kea's network state: origins, max-period, and status-get's dhcp-state.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NetworkState, Origin } from './network-state.js';

describe('NetworkState', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is enabled again only when every origin that disabled it has enabled it', () => {
    const s = new NetworkState();
    s.disable(Origin.User);
    s.disable(2001);
    expect(s.toJson()).toEqual({ 'globally-disabled': true, 'disabled-by-user': true, 'disabled-by-local-command': [], 'disabled-by-remote-command': [2001], 'disabled-by-db-connection': [] });
    s.enable(Origin.User);
    expect(s.isEnabled).toBe(false);
    s.enable(2001);
    expect(s.isEnabled).toBe(true);
    s.close();
  });

  it('max-period longer than a timer can hold (3 000 000 s, about 35 days) still waits its time', () => {
    vi.useFakeTimers();
    const s = new NetworkState();
    s.disable(Origin.User, 3_000_000);
    vi.advanceTimersByTime(2 ** 31);
    expect(s.isEnabled).toBe(false);
    vi.advanceTimersByTime(3_000_000_000 - 2 ** 31 - 1000);
    expect(s.isEnabled).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(s.isEnabled).toBe(true);
    s.close();
  });
});
