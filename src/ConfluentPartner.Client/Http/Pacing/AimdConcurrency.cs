using System;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// How many requests may be in flight: one until the credential is accepted (a wrong credential costs one failed
    /// request, not ThrottleLimit of them), then the maximum. A 429 that is not about the rate window ("too many at
    /// once") halves it, at most once per <c>decreaseInterval</c> since one burst of 429s is one signal; each success
    /// grows it back by 1 / current, so by about one per round of requests. Not thread-safe: the owner serialises calls.
    /// </summary>
    internal sealed class AimdConcurrency
    {
        private readonly long _decreaseInterval;
        private double _current = 1;
        private long _lastDecrease;
        private bool _decreased;
        private bool _opened;

        public AimdConcurrency(int maximum, long decreaseInterval)
        {
            if (maximum < 1) throw new ArgumentOutOfRangeException(nameof(maximum));
            Maximum = maximum;
            _decreaseInterval = decreaseInterval;
        }

        public int Maximum { get; }

        /// <summary>Requests allowed in flight now.</summary>
        public int Limit => (int)_current;

        /// <summary>Whether a success could grow the limit; safe to read without the owner's lock (a stale answer only
        /// delays one additive step).</summary>
        public bool CanGrow => _canGrow;

        private volatile bool _canGrow;

        /// <summary>The credential was accepted: the full concurrency at once.</summary>
        public void Open()
        {
            _opened = true;
            _current = Maximum;
            _canGrow = false;
        }

        /// <summary>Additive increase; true when the limit may have grown.</summary>
        public bool OnSuccess()
        {
            if (!_opened || _current >= Maximum) return false;
            _current = Math.Min(Maximum, _current + 1.0 / Math.Max(1.0, _current));
            _canGrow = _current < Maximum;
            return true;
        }

        /// <summary>Multiplicative decrease, once per burst; true when the limit shrank.</summary>
        public bool OnTooManyAtOnce(long now)
        {
            if (_decreased && now - _lastDecrease <= _decreaseInterval) return false;
            _current = Math.Max(1.0, Math.Floor(_current / 2));
            _canGrow = _opened && _current < Maximum;
            _lastDecrease = now;
            _decreased = true;
            return true;
        }
    }
}
