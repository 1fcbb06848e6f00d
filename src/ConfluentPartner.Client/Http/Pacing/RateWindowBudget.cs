using System;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// How many more requests the server's current rate-limit window allows, as far as its <c>X-RateLimit-*</c>
    /// headers tell, and when that window has surely ended. Pure bookkeeping over timestamps the caller passes in;
    /// not thread-safe: the owner serialises calls.
    /// </summary>
    /// <remarks>
    /// <para>What is left is counted, not taken from one answer. The server will have counted at least every request
    /// let through in this window, plus any it counted that were not ours (another client with the same key, requests
    /// left over from before): an answer saying Remaining r of Limit L means L - r had been counted when it was, of which
    /// at most the requests let through by the time the answer arrived were ours, so the rest are someone else's. What is
    /// left = L - ours - the most such foreign requests any answer has shown. Answers that overtake each other on the way
    /// cannot overstate it, and, unlike "the smallest Remaining less everything let through after it", requests that
    /// reached the server in another order than they were let through are not counted twice, so the window is used to
    /// its last request at any concurrency.</para>
    /// <para><c>X-RateLimit-Reset</c> is whole relative seconds, so one answer only bounds the window's end: it is over
    /// by (arrival of the answer + Reset). The tightest such bound is kept; once the window's requests are spent nothing
    /// goes until then (plus a millisecond or two for timer resolution), and the next window allows Limit requests.</para>
    /// </remarks>
    internal sealed class RateWindowBudget
    {
        private readonly long _ticksPerSecond;
        private readonly long _reopenMargin;
        private readonly int _overtakeSlack;

        private long _granted;              // requests let through so far (the latest one's sequence number)
        private long _windowFirst = 1;      // sequence of the first request let through in the current window
        private long _base;                 // requests let through before the ones the current window counts
        private long _foreign;              // requests counted in the current window that were not ours
        private int? _limit;                // X-RateLimit-Limit: what a fresh window allows
        private bool _counted;              // whether an answer has told about the current window
        private bool _exhausted;            // a 429 said the window is spent
        private long _windowEndsBy = long.MaxValue;
        private long _windowOpenedAt;       // when the current window was rolled in

        /// <param name="ticksPerSecond">The clock's resolution.</param>
        /// <param name="overtakeSlack">How many answers may overtake each other (the most requests in flight).</param>
        public RateWindowBudget(long ticksPerSecond, int overtakeSlack)
        {
            _ticksPerSecond = ticksPerSecond;
            _reopenMargin = Math.Max(1, ticksPerSecond / 500); // 2 ms after the latest possible end, for timer resolution
            _overtakeSlack = overtakeSlack;
        }

        /// <summary>Requests let through so far; also the sequence number of the latest.</summary>
        public long Granted => _granted;

        /// <summary>Requests the current window still allows; null while no answer has said.</summary>
        public long? Budget
        {
            get
            {
                if (_exhausted) return 0;
                if (!_counted || _limit == null) return null;
                return _limit.Value - (_granted - _base) - _foreign;
            }
        }

        /// <summary>False once the window's requests are spent.</summary>
        public bool MayGo => !(Budget <= 0);

        /// <summary>When a spent window has surely ended (so waiters can be woken then); null while that is not known.</summary>
        public long? ReopensAt => EndsBy == long.MaxValue ? (long?)null : EndsBy + _reopenMargin;

        // A spent window whose end no answer has told (answers with a Limit but no Remaining) is taken to last one second
        // from when it was rolled in, as an answer without Reset is: otherwise nothing in flight could ever reopen it.
        private long EndsBy => _windowEndsBy != long.MaxValue || MayGo ? _windowEndsBy : _windowOpenedAt + _ticksPerSecond;

        /// <summary>Once the current window has surely ended, the next one allows X-RateLimit-Limit requests.</summary>
        public void Roll(long now)
        {
            var endsBy = EndsBy;
            if (endsBy == long.MaxValue || now < endsBy + _reopenMargin) return;
            _windowOpenedAt = now;
            _windowFirst = _granted + 1;
            _base = _granted;
            _foreign = 0;
            _counted = _limit.HasValue;
            _exhausted = false;
            _windowEndsBy = long.MaxValue;
        }

        /// <summary>Spends one request of the window; returns its sequence number.</summary>
        public long Take() => ++_granted;

        /// <summary>A request taken but never sent (its caller was cancelled in between): it does not count.</summary>
        public void GiveBack() => _base++;

        /// <summary>Reads the rate-limit headers of the answer to request <paramref name="sequence"/> (any status).</summary>
        public void Observe(long sequence, int? limit, int? remaining, int? resetSeconds, long now)
        {
            if (limit > 0) _limit = limit;
            if (remaining == null || sequence < _windowFirst) return; // no headers, or an answer from an earlier window
            // Without a Limit header, assume every request up to this one was counted.
            var windowLimit = _limit ?? (int)Math.Min(int.MaxValue, remaining.Value + (sequence - _base));
            _limit ??= windowLimit;
            var counted = (long)windowLimit - remaining.Value; // requests the server had counted in its window, this one included
            var endsBy = now + Math.Max(0, resetSeconds ?? 1) * _ticksPerSecond;
            if (counted + _overtakeSlack < sequence - _base)
            {
                // Fewer counted than were surely sent before this one: the server's window turned over before its end
                // could be known (or it does not count as it says). This request opened the new one, with the
                // requests counted before it.
                _base = sequence - counted;
                _foreign = 0;
                _exhausted = false;
                _windowEndsBy = endsBy;
            }
            else if (endsBy < _windowEndsBy)
            {
                _windowEndsBy = endsBy;
            }
            _counted = true;
            var ours = _granted - _base; // an upper bound on our requests among them
            if (counted - ours > _foreign) _foreign = counted - ours;
        }

        /// <summary>A 429 with <c>X-RateLimit-Remaining: 0</c>: the window is spent until Retry-After has passed at the latest.</summary>
        public void Exhausted(int? retryAfterSeconds, long now)
        {
            var endsBy = now + Math.Max(1, retryAfterSeconds ?? 1) * _ticksPerSecond;
            if (endsBy < _windowEndsBy) _windowEndsBy = endsBy;
            _exhausted = true;
        }
    }
}
