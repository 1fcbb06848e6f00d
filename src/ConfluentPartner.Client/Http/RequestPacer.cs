using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace ConfluentPartner.Client.Http
{
    /// <summary>What the pacer knows about one request it let through; give it back with the answer's rate-limit headers.</summary>
    public readonly struct PacerTicket
    {
        internal PacerTicket(long sequence) { Sequence = sequence; }

        /// <summary>The order in which requests were let through: 1, 2, 3, ...</summary>
        public long Sequence { get; }
    }

    /// <summary>
    /// Decides when the next request may go: at most <see cref="CurrentConcurrency"/> in flight (halved when the server
    /// answers 429 to too many at once, grown back by one per window of successes), first come first served, and no
    /// more requests in a rate-limit window than the server's <c>X-RateLimit-*</c> headers say it allows.
    /// </summary>
    /// <remarks>
    /// <c>X-RateLimit-Reset</c> is whole relative seconds, so one answer only bounds the window's end: it is over by
    /// (arrival of the answer + Reset). The pacer keeps the tightest such bound; once the window's requests are spent it
    /// waits until then, and the next window is known to allow <c>X-RateLimit-Limit</c> requests. What is left is the
    /// newest answer's Remaining less the requests let through after it (they count against the window too), so the
    /// server's own count rules, and answers that overtake each other cannot overstate it. The aim is the server's full
    /// rate with no 429 at all.
    /// </remarks>
    public sealed class RequestPacer
    {
        private static readonly long TicksPerSecond = Stopwatch.Frequency;
        /// <summary>Slack after the latest possible end of a window, for timer resolution.</summary>
        private static readonly long ReopenMargin = Stopwatch.Frequency / 100;

        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<bool>> _waiters = new Queue<TaskCompletionSource<bool>>();
        private readonly int _maxConcurrency;
        private double _concurrency;
        private int _inFlight;
        private int _woken; // waiters told a slot is theirs who have not taken it yet: newcomers queue behind them
        private long _lastDecrease = long.MinValue;
        private volatile bool _credentialAccepted;
        private volatile Exception? _haltedBy;
        private Timer? _reopenTimer;
        private long _reopenTimerDue = long.MinValue;

        // The server's current rate-limit window, as far as its headers tell.
        private long _granted;              // requests let through so far
        private long _windowFirst = 1;      // sequence of the first request let through in the current window
        private long _newestObserved;       // sequence of the newest request whose answer has been read
        private int? _limit;                // X-RateLimit-Limit: what a fresh window allows
        private int? _budget;               // requests the current window still allows; null = not known
        private long _windowEndsBy = long.MaxValue;

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

        public async Task<PacerTicket> AcquireAsync(CancellationToken cancellationToken)
        {
            var woken = false;
            while (true)
            {
                TaskCompletionSource<bool> waiter;
                lock (_gate)
                {
                    if (woken) _woken--;
                    if (_haltedBy != null || cancellationToken.IsCancellationRequested)
                    {
                        if (woken) WakeWaiters(); // pass the slot on
                        if (_haltedBy != null) throw _haltedBy;
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                    // Newcomers go behind those already waiting, so requests leave in the order they came.
                    var now = Now();
                    RollWindow(now);
                    if ((woken || (_waiters.Count == 0 && _woken == 0)) && MayGo())
                    {
                        _inFlight++;
                        if (_budget.HasValue) _budget--;
                        return new PacerTicket(++_granted);
                    }
                    waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _waiters.Enqueue(waiter);
                    WakeWaiters(); // the queue may hold only cancelled waiters, and then this one goes at once
                }

                using (cancellationToken.Register(() => waiter.TrySetCanceled()))
                {
                    await waiter.Task.ConfigureAwait(false);
                }
                woken = true;
            }
        }

        public void Release()
        {
            lock (_gate)
            {
                _inFlight--;
                WakeWaiters();
            }
        }

        /// <summary>Reads the contract's rate-limit headers of the answer to <paramref name="ticket"/>'s request (any status).</summary>
        public void Observe(PacerTicket ticket, int? limit, int? remaining, int? resetSeconds)
        {
            lock (_gate)
            {
                if (limit > 0) _limit = limit;
                // No headers, an answer from an earlier window, or older than what we already know.
                if (remaining == null || ticket.Sequence < _windowFirst || ticket.Sequence < _newestObserved) return;
                _newestObserved = ticket.Sequence;
                // Exact if the server counted the requests in the order they were let through. Answers overtake each
                // other, so that estimate can drift low; but however the other requests in flight were counted, the
                // window has at least atLeast left. (That is also how a window that turned over early shows.)
                var left = remaining.Value - (int)Math.Min(int.MaxValue, _granted - ticket.Sequence);
                var atLeast = remaining.Value - (_inFlight - 1);
                _budget = Math.Max(atLeast, _budget.HasValue ? Math.Min(_budget.Value, left) : left);
                var endsBy = Now() + Math.Max(0, resetSeconds ?? 1) * TicksPerSecond;
                if (endsBy < _windowEndsBy) _windowEndsBy = endsBy;
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
                while (_waiters.Count > 0)
                    if (_waiters.Dequeue().TrySetResult(true)) _woken++;
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

        /// <summary>
        /// A 429. With <c>X-RateLimit-Remaining: 0</c> the window is spent: <see cref="Observe"/> has closed it until it
        /// resets, and the pacer holds the resent request until then (returns true). Otherwise we were too many at once:
        /// concurrency halves, and the caller waits Retry-After before resending (returns false).
        /// </summary>
        public bool OnThrottled(int? retryAfterSeconds, int? remaining = null)
        {
            lock (_gate)
            {
                ThrottledCount++;
                var now = Now();
                if (remaining == 0)
                {
                    var endsBy = now + Math.Max(1, retryAfterSeconds ?? 1) * TicksPerSecond;
                    if (endsBy < _windowEndsBy) _windowEndsBy = endsBy;
                    _budget = Math.Min(_budget ?? 0, 0);
                    return true;
                }
                // One 429 burst is one signal: shrink at most once per second.
                if (_lastDecrease == long.MinValue || now - _lastDecrease > TicksPerSecond)
                {
                    _concurrency = Math.Max(1.0, Math.Floor(_concurrency / 2));
                    _lastDecrease = now;
                }
                return false;
            }
        }

        private static long Now() => Stopwatch.GetTimestamp();

        /// <summary>Once the current window has surely ended, the next one allows X-RateLimit-Limit requests.</summary>
        private void RollWindow(long now)
        {
            if (_windowEndsBy == long.MaxValue || now < _windowEndsBy + ReopenMargin) return;
            _windowFirst = _granted + 1;
            _budget = _limit;
            _windowEndsBy = long.MaxValue;
        }

        private bool MayGo() => !(_budget <= 0) && _inFlight < (int)_concurrency;

        private void WakeWaiters()
        {
            if (_waiters.Count == 0) return;
            var now = Now();
            RollWindow(now);
            var free = (int)_concurrency - _inFlight - _woken;
            if (_budget.HasValue) free = Math.Min(free, _budget.Value - _woken);
            while (free > 0 && _waiters.Count > 0)
            {
                // A woken waiter takes its slot itself; a cancelled one does not count.
                if (_waiters.Dequeue().TrySetResult(true))
                {
                    _woken++;
                    free--;
                }
            }
            // Spent with no end known yet: the answers in flight will tell (Observe wakes the queue).
            if (_waiters.Count > 0 && _budget <= 0 && _windowEndsBy != long.MaxValue) ScheduleReopen(now);
        }

        /// <summary>While the window's requests are spent, a timer wakes the queue when the window has surely ended: nobody polls.</summary>
        private void ScheduleReopen(long now)
        {
            var reopenAt = _windowEndsBy + ReopenMargin;
            if (_reopenTimerDue > now && _reopenTimerDue <= reopenAt) return; // already set for then or earlier
            _reopenTimerDue = reopenAt;
            var dueMs = Math.Max(1, (reopenAt - now) * 1000 / TicksPerSecond + 1);
            _reopenTimer ??= new Timer(_ => { lock (_gate) { _reopenTimerDue = long.MinValue; WakeWaiters(); } });
            _reopenTimer.Change(dueMs, Timeout.Infinite);
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
