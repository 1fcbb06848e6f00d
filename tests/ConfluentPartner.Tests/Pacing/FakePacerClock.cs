using ConfluentPartner.Client.Http.Pacing;

namespace ConfluentPartner.Tests.Pacing;

/// <summary>A clock that stands still until a test advances it; its timers fire (on the test's thread) when it passes their due time.</summary>
internal sealed class FakePacerClock : IPacerClock
{
    private readonly List<FakeTimer> _timers = [];

    public long Now { get; private set; } = 1_000_000;
    public long TicksPerSecond => 1000; // one tick = one millisecond, so tests read as milliseconds

    public IPacerTimer CreateTimer(Action callback)
    {
        var timer = new FakeTimer(this, callback);
        _timers.Add(timer);
        return timer;
    }

    public int PendingTimers => _timers.Count(t => t.Due.HasValue);

    public void Advance(long milliseconds)
    {
        Now += milliseconds;
        foreach (var timer in _timers.Where(t => t.Due <= Now).ToList())
        {
            timer.Due = null;
            timer.Callback();
        }
    }

    private sealed class FakeTimer(FakePacerClock clock, Action callback) : IPacerTimer
    {
        public long? Due { get; set; }
        public Action Callback { get; } = callback;

        public void FireAt(long timestamp)
        {
            Due = timestamp;
            if (timestamp <= clock.Now) clock.Advance(0);
        }
    }
}
