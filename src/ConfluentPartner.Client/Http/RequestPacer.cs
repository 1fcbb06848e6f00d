using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Http
{
    /// <summary>
    /// Decides when the next request may go: at most <see cref="CurrentConcurrency"/> in flight (halved when the
    /// server answers 429, grown back by one per window of successes), and no more requests in a rate-limit window
    /// than the server's <c>X-RateLimit-Remaining</c> says are left.
    /// </summary>
    public sealed class RequestPacer
    {
        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly int _maxConcurrency;
        private double _concurrency;
        private int _inFlight;
        private DateTime _lastDecreaseUtc = DateTime.MinValue;
        private volatile bool _credentialAccepted;
        private volatile Exception? _haltedBy;
        private bool _wakeScheduled;

        // Rate-limit window as last reported by the server. Reset is whole relative seconds, so the window may end
        // up to a second earlier than it says: after the earliest possible end one probe request finds out.
        private int? _budget;
        private DateTime _earliestResetUtc = DateTime.MinValue;
        private bool _probing;

        public RequestPacer(int maxConcurrency)
        {
            if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency));
            _maxConcurrency = maxConcurrency;
            // The first request goes alone: if the credential is wrong, one request fails, not ThrottleLimit of them.
            _concurrency = 1;
        }

        public int MaxConcurrency => _maxConcurrency;
        public int CurrentConcurrency { get { lock (_gate) return (int)_concurrency; } }
        public int InFlight { get { lock (_gate) return _inFlight; } }
        /// <summary>How many 429 answers the pacer has seen.</summary>
        public int ThrottledCount { get; private set; }

        /// <summary>
        /// Waits for a slot. Slots are handed out strictly in the order callers arrive: a freed slot goes to the
        /// longest waiter, never to a newcomer, so rows are sent in input order.
        /// </summary>
        public async Task AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<bool> waiter;
            lock (_gate)
            {
                if (_haltedBy != null) throw _haltedBy;
                if (_waiters.Count == 0 && _inFlight < (int)_concurrency && WindowWait(DateTime.UtcNow) <= TimeSpan.Zero)
                {
                    TakeSlot();
                    return;
                }
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
                WakeWaiters();
            }

            bool granted;
            using (cancellationToken.Register(() => waiter.TrySetCanceled()))
            {
                granted = await waiter.Task.ConfigureAwait(false);
            }
            if (!granted) throw _haltedBy!;
        }

        public void Release()
        {
            lock (_gate)
            {
                _inFlight--;
                WakeWaiters();
            }
        }

        /// <summary>Reads the contract's rate-limit headers of any response.</summary>
        public void Observe(int? remaining, int? resetSeconds)
        {
            if (remaining == null) return;
            lock (_gate)
            {
                var now = DateTime.UtcNow;
                _probing = false;
                _budget = _budget.HasValue && now < _earliestResetUtc ? Math.Min(_budget.Value, remaining.Value) : remaining.Value;
                var reset = Math.Max(0, (resetSeconds ?? 1) - 1);
                _earliestResetUtc = now.AddSeconds(reset);
                WakeWaiters();
            }
        }

        /// <summary>The server accepted the credential (any answer but 401/403): open up to the full concurrency.</summary>
        public void OnCredentialAccepted()
        {
            if (_credentialAccepted) return;
            lock (_gate)
            {
                if (_credentialAccepted) return;
                _credentialAccepted = true;
                _concurrency = _maxConcurrency;
                WakeWaiters();
            }
        }

        /// <summary>
        /// The server refused the credential (401/403): every later request would fail the same way,
        /// so none is sent; waiting and future callers get <paramref name="reason"/>.
        /// </summary>
        public void Halt(Exception reason)
        {
            lock (_gate)
            {
                _haltedBy = reason;
                while (_waiters.Count > 0) _waiters.Dequeue().TrySetResult(false);
            }
        }

        public void OnSuccess()
        {
            lock (_gate)
            {
                if (_credentialAccepted && _concurrency < _maxConcurrency)
                {
                    _concurrency = Math.Min(_maxConcurrency, _concurrency + 1.0 / Math.Max(1.0, _concurrency));
                    WakeWaiters();
                }
            }
        }

        /// <summary>A 429: the window is spent until <paramref name="retryAfterSeconds"/>, and we were too many at once.</summary>
        public void OnThrottled(int? retryAfterSeconds)
        {
            lock (_gate)
            {
                ThrottledCount++;
                var now = DateTime.UtcNow;
                _budget = 0;
                _probing = false;
                var wait = TimeSpan.FromSeconds(Math.Max(0, (retryAfterSeconds ?? 1) - 1));
                if (now + wait > _earliestResetUtc) _earliestResetUtc = now + wait;
                // One 429 burst is one signal: shrink at most once per second.
                if (now - _lastDecreaseUtc > TimeSpan.FromSeconds(1))
                {
                    _concurrency = Math.Max(1.0, Math.Floor(_concurrency / 2));
                    _lastDecreaseUtc = now;
                }
                WakeWaiters();
            }
        }

        private TimeSpan WindowWait(DateTime now)
        {
            if (_budget is null || _budget > 0) return TimeSpan.Zero;
            if (now < _earliestResetUtc) return _earliestResetUtc - now;
            // The window may have ended: let exactly one request find out; the others wait for its headers.
            if (!_probing)
            {
                _probing = true;
                _budget = 1;
                return TimeSpan.Zero;
            }
            return TimeSpan.FromMilliseconds(20);
        }

        private void TakeSlot()
        {
            _inFlight++;
            if (_budget.HasValue) _budget--;
        }

        /// <summary>Hands free slots to waiters in arrival order; when the rate window is spent, wakes them when it may have reset.</summary>
        private void WakeWaiters()
        {
            while (_waiters.Count > 0 && _inFlight < (int)_concurrency)
            {
                var windowWait = WindowWait(DateTime.UtcNow);
                if (windowWait > TimeSpan.Zero)
                {
                    ScheduleWake(windowWait);
                    return;
                }
                // A waiter that was cancelled meanwhile takes no slot.
                if (_waiters.Dequeue().TrySetResult(true)) TakeSlot();
            }
        }

        private void ScheduleWake(TimeSpan delay)
        {
            if (_wakeScheduled) return;
            _wakeScheduled = true;
            Task.Delay(delay + Jitter(50)).ContinueWith(_ =>
            {
                lock (_gate)
                {
                    _wakeScheduled = false;
                    WakeWaiters();
                }
            }, TaskScheduler.Default);
        }

        internal static TimeSpan Jitter(int maxMilliseconds) => TimeSpan.FromMilliseconds(ThreadSafeRandom.Next(maxMilliseconds + 1));
    }

    internal static class ThreadSafeRandom
    {
        [ThreadStatic] private static Random? _random;
        public static int Next(int maxExclusive) => (_random ??= new Random(Guid.NewGuid().GetHashCode())).Next(maxExclusive);
        public static double NextDouble() => (_random ??= new Random(Guid.NewGuid().GetHashCode())).NextDouble();
    }
}
