using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConfluentPartner.Client.Http.Pacing;

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
    /// Decides when the next request may go. It composes four small parts under one lock: <see cref="FifoAdmission"/>
    /// (slots in the order callers arrive), <see cref="AimdConcurrency"/> (how many in flight), <see cref="RateWindowBudget"/>
    /// (no more requests in a rate-limit window than the server's <c>X-RateLimit-*</c> headers allow) and
    /// <see cref="CredentialGate"/> (the first request goes alone; a refused credential stops the rest). The aim is the
    /// server's full rate with no 429 at all.
    /// </summary>
    public sealed class RequestPacer
    {
        private readonly object _gate = new object();
        private readonly IPacerClock _clock;
        private readonly FifoAdmission _queue = new FifoAdmission();
        private readonly AimdConcurrency _concurrency;
        private readonly RateWindowBudget _window;
        private readonly CredentialGate _credential = new CredentialGate();
        private readonly IPacerTimer _reopenTimer;
        private long _reopenTimerDue = long.MinValue;
        private int _inFlight;

        public RequestPacer(int maxConcurrency) : this(maxConcurrency, SystemPacerClock.Instance) { }

        internal RequestPacer(int maxConcurrency, IPacerClock clock)
        {
            if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency));
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _concurrency = new AimdConcurrency(maxConcurrency, decreaseInterval: clock.TicksPerSecond);
            _window = new RateWindowBudget(clock.TicksPerSecond, overtakeSlack: maxConcurrency);
            _reopenTimer = clock.CreateTimer(() => ChangeThenHandOff(0, static (p, _) => p._reopenTimerDue = long.MinValue));
        }

        public int CurrentConcurrency { get { lock (_gate) return _concurrency.Limit; } }
        public int InFlight { get { lock (_gate) return _inFlight; } }

        /// <summary>
        /// Waits for a slot. Slots are handed out strictly in the order callers arrive: a freed slot goes to the
        /// longest waiter, never to a newcomer, so rows are sent in input order.
        /// </summary>
        public async Task<PacerTicket> AcquireAsync(CancellationToken cancellationToken)
        {
            TaskCompletionSource<long> waiter;
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                _credential.ThrowIfHalted();
                _window.Roll(_clock.Now);
                if (_queue.IsEmpty && MayGo()) return new PacerTicket(TakeSlot());
                waiter = _queue.Enqueue();
                handOff = CollectHandOff();
            }
            HandOff(handOff);

            long sequence;
            using (cancellationToken.Register(static w => ((TaskCompletionSource<long>)w!).TrySetCanceled(), waiter))
            {
                sequence = await waiter.Task.ConfigureAwait(false);
            }
            if (sequence < 0) throw _credential.HaltedBy!;
            return new PacerTicket(sequence);
        }

        /// <summary>
        /// For a caller that holds a slot and has not sent yet: when the pacer was halted meanwhile, the slot is freed and the
        /// halt's reason thrown, as <see cref="AcquireAsync"/> would have.
        /// </summary>
        public void ReturnSlotIfHalted()
        {
            if (_credential.HaltedBy == null) return;
            Release();
            _credential.ThrowIfHalted();
        }

        /// <summary>A request let through is done (answered or failed): its slot goes to the longest waiter.</summary>
        public void Release() => ChangeThenHandOff(0, static (p, _) => p._inFlight--);

        /// <summary>Reads the contract's rate-limit headers of the answer to <paramref name="ticket"/>'s request (any status).</summary>
        public void Observe(PacerTicket ticket, int? limit, int? remaining, int? resetSeconds)
        {
            if (limit == null && remaining == null) return; // no rate-limit headers: nothing to learn, no lock
            ChangeThenHandOff((ticket.Sequence, limit, remaining, resetSeconds),
                static (p, a) => p._window.Observe(a.Sequence, a.limit, a.remaining, a.resetSeconds, p._clock.Now));
        }

        /// <summary>The server accepted the credential (any answer but 401/403): open up to the full concurrency.</summary>
        public void OnCredentialAccepted()
        {
            if (_credential.Accepted) return;
            ChangeThenHandOff(0, static (p, _) =>
            {
                if (p._credential.Accept()) p._concurrency.Open();
            });
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
                _credential.Halt(reason);
                waiting = _queue.DrainAll();
            }
            foreach (var waiter in waiting) waiter.TrySetResult(-1);
        }

        public void OnSuccess()
        {
            // At full concurrency (the usual case) a success changes nothing: no lock.
            if (!_credential.Accepted || !_concurrency.CanGrow) return;
            ChangeThenHandOff(0, static (p, _) => p._concurrency.OnSuccess());
        }

        /// <summary>
        /// A 429. With <c>X-RateLimit-Remaining: 0</c> the window is spent: the pacer holds the resent request until the
        /// window has reset (returns true). Otherwise we were too many at once: concurrency halves, and the caller waits
        /// Retry-After before resending (returns false).
        /// </summary>
        public bool OnThrottled(int? retryAfterSeconds, int? remaining = null)
        {
            lock (_gate)
            {
                var now = _clock.Now;
                if (remaining == 0)
                {
                    _window.Exhausted(retryAfterSeconds, now);
                    return true;
                }
                _concurrency.OnTooManyAtOnce(now);
                return false;
            }
        }

        internal static TimeSpan Jitter(int maxMilliseconds) => TimeSpan.FromMilliseconds(ThreadSafeRandom.Next(maxMilliseconds + 1));

        /// <summary>
        /// The one way state changes: <paramref name="change"/> runs under the lock, the slots it frees are taken for the
        /// longest waiters there too, and the waiters are told outside it (their continuations run on this thread).
        /// </summary>
        private void ChangeThenHandOff<TArg>(TArg arg, Action<RequestPacer, TArg> change)
        {
            List<(TaskCompletionSource<long>, long)>? handOff;
            lock (_gate)
            {
                change(this, arg);
                handOff = CollectHandOff();
            }
            HandOff(handOff);
        }

        private bool MayGo() => _window.MayGo && _inFlight < _concurrency.Limit;

        private long TakeSlot()
        {
            _inFlight++;
            return _window.Take();
        }

        /// <summary>
        /// Takes the free slots for the longest waiters (under the lock); <see cref="HandOff"/> then tells them, outside it.
        /// While the window's requests are spent, a timer wakes the queue when it has reset: nobody polls.
        /// </summary>
        private List<(TaskCompletionSource<long>, long)>? CollectHandOff()
        {
            if (_queue.IsEmpty) return null;
            var now = _clock.Now;
            _window.Roll(now);
            List<(TaskCompletionSource<long>, long)>? handOff = null;
            while (MayGo() && _queue.TryDequeue(out var waiter))
            {
                (handOff ??= new List<(TaskCompletionSource<long>, long)>()).Add((waiter, TakeSlot()));
            }
            // Spent with no end known yet: the answers in flight will tell (Observe wakes the queue).
            if (!_queue.IsEmpty && !_window.MayGo && _window.ReopensAt is long reopenAt) ScheduleReopen(now, reopenAt);
            return handOff;
        }

        /// <summary>Tells waiters their slot, in queue order; each goes on at once on this thread until its request is sent.</summary>
        private void HandOff(List<(TaskCompletionSource<long>, long)>? handOff)
        {
            if (handOff == null) return;
            foreach (var (waiter, sequence) in handOff)
            {
                // Cancelled in between: the slot and the window's request go to the next waiter.
                if (!waiter.TrySetResult(sequence))
                {
                    ChangeThenHandOff(0, static (p, _) =>
                    {
                        p._inFlight--;
                        p._window.GiveBack();
                    });
                }
            }
        }

        private void ScheduleReopen(long now, long reopenAt)
        {
            if (_reopenTimerDue > now && _reopenTimerDue <= reopenAt) return; // already set for then or earlier
            _reopenTimerDue = reopenAt;
            _reopenTimer.FireAt(reopenAt);
        }
    }
}
