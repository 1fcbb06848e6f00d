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
    /// answers 429 to too many at once, grown back by one per window of successes), in the order callers arrive, and no
    /// more requests in a rate-limit window than the server's <c>X-RateLimit-*</c> headers say it allows.
    /// </summary>
    /// <remarks>
    /// <c>X-RateLimit-Reset</c> is whole relative seconds, so one answer only bounds the window's end: it is over by
    /// (arrival of the answer + Reset). The pacer keeps the tightest such bound; once the window's requests are spent it
    /// waits until then, and the next window is known to allow <c>X-RateLimit-Limit</c> requests. What is left is an
    /// answer's Remaining less the requests let through after it (they count against the window too), the smallest such
    /// estimate being kept, so answers that overtake each other cannot overstate it. The aim is the server's full rate
    /// with no 429 at all.
    /// </remarks>
    public sealed class RequestPacer
    {
        private static readonly long TicksPerSecond = Stopwatch.Frequency;
        /// <summary>Slack after the latest possible end of a window, for timer resolution.</summary>
        private static readonly long ReopenMargin = Stopwatch.Frequency / 100;

        private readonly object _gate = new object();
        private readonly Queue<TaskCompletionSource<long>> _waiters = new Queue<TaskCompletionSource<long>>();
        private readonly int _maxConcurrency;
        private double _concurrency;
        private int _inFlight;
        private long _lastDecrease = long.MinValue;
        private volatile bool _credentialAccepted;
        private volatile Exception? _haltedBy;
        private Timer? _reopenTimer;
        private long _reopenTimerDue = long.MinValue;

        // The server's current rate-limit window, as far as its headers tell.
        private long _granted;              // requests let through so far
        private long _windowFirst = 1;      // sequence of the first request let through in the current window
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

        public int CurrentConcurrency { get { lock (_gate) return (int)_concurrency; } }
        public int InFlight { get { lock (_gate) return _inFlight; } }

        /// <summary>
        /// Waits for a slot. Slots are handed out strictly in the order callers arrive: a freed slot goes to the
        /// longest waiter, never to a newcomer, so rows are sent in input order.
        /// </summary>
        public async Task<PacerTicket> AcquireAsync(CancellationToken cancellationToken)
        {
            // Completed outside the lock, in queue order, and run on the thread that frees the slot: continuations queued
            // to the thread pool would run last-in first-out and send the rows in reverse.
            var waiter = new TaskCompletionSource<long>();
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                if (_haltedBy != null) throw _haltedBy;
                RollWindow(Now());
                if (_waiters.Count == 0 && MayGo()) return new PacerTicket(TakeSlot());
                _waiters.Enqueue(waiter);
                handOff = CollectHandOff();
            }
            HandOff(handOff);

            long sequence;
            using (cancellationToken.Register(() => waiter.TrySetCanceled()))
            {
                sequence = await waiter.Task.ConfigureAwait(false);
            }
            if (sequence < 0) throw _haltedBy!;
            return new PacerTicket(sequence);
        }

        /// <summary>A request let through is done (answered or failed): its slot goes to the longest waiter.</summary>
        public void Release()
        {
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                _inFlight--;
                handOff = CollectHandOff();
            }
            HandOff(handOff);
        }

        /// <summary>Reads the contract's rate-limit headers of the answer to <paramref name="ticket"/>'s request (any status).</summary>
        public void Observe(PacerTicket ticket, int? limit, int? remaining, int? resetSeconds)
        {
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                if (limit > 0) _limit = limit;
                if (remaining == null || ticket.Sequence < _windowFirst) return; // no headers, or an answer from an earlier window
                // Every request let through after this one counts against the window too (requests leave in the order
                // they were let through); the smallest such estimate is kept.
                var left = remaining.Value - (int)Math.Min(int.MaxValue, _granted - ticket.Sequence);
                var endsBy = Now() + Math.Max(0, resetSeconds ?? 1) * TicksPerSecond;
                if (_budget.HasValue && left > _budget.Value + _maxConcurrency)
                {
                    // Far more left than overtaking could explain: the server's window turned over before its end could
                    // be known (or it does not count as it says). Its word goes.
                    _budget = left;
                    _windowEndsBy = endsBy;
                }
                else
                {
                    _budget = _budget.HasValue ? Math.Min(_budget.Value, left) : left;
                    if (endsBy < _windowEndsBy) _windowEndsBy = endsBy;
                }
                handOff = CollectHandOff();
            }
            HandOff(handOff);
        }

        /// <summary>The server accepted the credential (any answer but 401/403): open up to the full concurrency.</summary>
        public void OnCredentialAccepted()
        {
            if (_credentialAccepted) return;
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                if (_credentialAccepted) return;
                _credentialAccepted = true;
                _concurrency = _maxConcurrency;
                handOff = CollectHandOff();
            }
            HandOff(handOff);
        }

        /// <summary>
        /// The server refused the credential (401/403): every later request would fail the same way,
        /// so none is sent; waiting and future callers get <paramref name="reason"/>.
        /// </summary>
        public void Halt(Exception reason)
        {
            TaskCompletionSource<long>[] waiting;
            lock (_gate)
            {
                _haltedBy = reason;
                waiting = _waiters.ToArray();
                _waiters.Clear();
            }
            foreach (var waiter in waiting) waiter.TrySetResult(-1);
        }

        public void OnSuccess()
        {
            List<(TaskCompletionSource<long>, long)>? handOff = null;
            lock (_gate)
            {
                if (_credentialAccepted && _concurrency < _maxConcurrency)
                {
                    _concurrency = Math.Min(_maxConcurrency, _concurrency + 1.0 / Math.Max(1.0, _concurrency));
                    handOff = CollectHandOff();
                }
            }
            HandOff(handOff);
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

        private long TakeSlot()
        {
            _inFlight++;
            if (_budget.HasValue) _budget--;
            return ++_granted;
        }

        /// <summary>
        /// Takes the free slots for the longest waiters (under the lock); <see cref="HandOff"/> then tells them, outside it.
        /// While the window's requests are spent, a timer wakes the queue when it has reset.
        /// </summary>
        private List<(TaskCompletionSource<long>, long)>? CollectHandOff()
        {
            if (_waiters.Count == 0) return null;
            var now = Now();
            RollWindow(now);
            List<(TaskCompletionSource<long>, long)>? handOff = null;
            while (_waiters.Count > 0 && MayGo())
            {
                var waiter = _waiters.Dequeue();
                if (waiter.Task.IsCompleted) continue; // cancelled meanwhile: takes no slot
                (handOff ??= new List<(TaskCompletionSource<long>, long)>()).Add((waiter, TakeSlot()));
            }
            // Spent with no end known yet: the answers in flight will tell (Observe wakes the queue).
            if (_waiters.Count > 0 && _budget <= 0 && _windowEndsBy != long.MaxValue) ScheduleReopen(now);
            return handOff;
        }

        /// <summary>Tells waiters their slot, in queue order; each goes on at once on this thread until its request is sent.</summary>
        private void HandOff(List<(TaskCompletionSource<long>, long)>? handOff)
        {
            if (handOff == null) return;
            foreach (var (waiter, sequence) in handOff)
            {
                if (!waiter.TrySetResult(sequence)) GiveBack(); // cancelled in between
            }
        }

        private void GiveBack()
        {
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                _inFlight--;
                if (_budget.HasValue) _budget++;
                handOff = CollectHandOff();
            }
            HandOff(handOff);
        }

        /// <summary>While the window's requests are spent, a timer wakes the queue when the window has surely ended: nobody polls.</summary>
        private void ScheduleReopen(long now)
        {
            var reopenAt = _windowEndsBy + ReopenMargin;
            if (_reopenTimerDue > now && _reopenTimerDue <= reopenAt) return; // already set for then or earlier
            _reopenTimerDue = reopenAt;
            var dueMs = Math.Max(1, (reopenAt - now) * 1000 / TicksPerSecond + 1);
            _reopenTimer ??= new Timer(_ =>
            {
                List<(TaskCompletionSource<long>, long)>? handOff;
                lock (_gate)
                {
                    _reopenTimerDue = long.MinValue;
                    handOff = CollectHandOff();
                }
                HandOff(handOff);
            });
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
