using System;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// How many more requests the server's current rate-limit window allows, as far as its <c>X-RateLimit-*</c>
    /// headers tell, and when that window has surely ended. Pure bookkeeping over timestamps the caller passes in;
    /// not thread-safe: the owner serialises calls.
    /// </summary>
    /// <remarks>
    /// <c>X-RateLimit-Reset</c> is whole relative seconds, so one answer only bounds the window's end: it is over by
    /// (arrival of the answer + Reset). The tightest such bound is kept; once the window's requests are spent, nothing
    /// goes until then, and the next window is known to allow <c>X-RateLimit-Limit</c> requests. What is left is an
    /// answer's Remaining less the requests let through after it (they count against the window too), the smallest
    /// such estimate being kept, so answers that overtake each other cannot overstate it.
    /// </remarks>
    internal sealed class RateWindowBudget
    {
        private readonly long _ticksPerSecond;
        private readonly long _reopenMargin;
        private readonly int _overtakeSlack;

        private long _granted;              // requests let through so far
        private long _windowFirst = 1;      // sequence of the first request let through in the current window
        private int? _limit;                // X-RateLimit-Limit: what a fresh window allows
        private int? _budget;               // requests the current window still allows; null = not known
        private long _windowEndsBy = long.MaxValue;

        /// <param name="ticksPerSecond">The clock's resolution.</param>
        /// <param name="overtakeSlack">How many answers may overtake each other (the most requests in flight).</param>
        public RateWindowBudget(long ticksPerSecond, int overtakeSlack)
        {
            _ticksPerSecond = ticksPerSecond;
            _reopenMargin = ticksPerSecond / 100; // slack after the latest possible end, for timer resolution
            _overtakeSlack = overtakeSlack;
        }

        /// <summary>Requests let through so far; also the sequence number of the latest.</summary>
        public long Granted => _granted;

        /// <summary>Requests the current window still allows; null while no answer has said.</summary>
        public int? Budget => _budget;

        /// <summary>False once the window's requests are spent.</summary>
        public bool MayGo => !(_budget <= 0);

        /// <summary>When a spent window has surely ended (so waiters can be woken then); null while that is not known.</summary>
        public long? ReopensAt => _windowEndsBy == long.MaxValue ? (long?)null : _windowEndsBy + _reopenMargin;

        /// <summary>Once the current window has surely ended, the next one allows X-RateLimit-Limit requests.</summary>
        public void Roll(long now)
        {
            if (_windowEndsBy == long.MaxValue || now < _windowEndsBy + _reopenMargin) return;
            _windowFirst = _granted + 1;
            _budget = _limit;
            _windowEndsBy = long.MaxValue;
        }

        /// <summary>Spends one request of the window; returns its sequence number.</summary>
        public long Take()
        {
            if (_budget.HasValue) _budget--;
            return ++_granted;
        }

        /// <summary>A request taken but never sent (its caller was cancelled in between).</summary>
        public void GiveBack()
        {
            if (_budget.HasValue) _budget++;
        }

        /// <summary>Reads the rate-limit headers of the answer to request <paramref name="sequence"/> (any status).</summary>
        public void Observe(long sequence, int? limit, int? remaining, int? resetSeconds, long now)
        {
            if (limit > 0) _limit = limit;
            if (remaining == null || sequence < _windowFirst) return; // no headers, or an answer from an earlier window
            // Every request let through after this one counts against the window too (requests leave in the order
            // they were let through); the smallest such estimate is kept.
            var left = remaining.Value - (int)Math.Min(int.MaxValue, _granted - sequence);
            var endsBy = now + Math.Max(0, resetSeconds ?? 1) * _ticksPerSecond;
            if (_budget.HasValue && left > _budget.Value + _overtakeSlack)
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
        }

        /// <summary>A 429 with <c>X-RateLimit-Remaining: 0</c>: the window is spent until Retry-After has passed at the latest.</summary>
        public void Exhausted(int? retryAfterSeconds, long now)
        {
            var endsBy = now + Math.Max(1, retryAfterSeconds ?? 1) * _ticksPerSecond;
            if (endsBy < _windowEndsBy) _windowEndsBy = endsBy;
            _budget = Math.Min(_budget ?? 0, 0);
        }
    }
}
