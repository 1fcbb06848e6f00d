using System;
using System.Diagnostics;
using System.Threading;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>Wall-clock time: <see cref="Stopwatch"/> timestamps and <see cref="Timer"/>s.</summary>
    internal sealed class SystemPacerClock : IPacerClock
    {
        public static SystemPacerClock Instance { get; } = new SystemPacerClock();

        private SystemPacerClock() { }

        public long Now => Stopwatch.GetTimestamp();

        public long TicksPerSecond => Stopwatch.Frequency;

        public IPacerTimer CreateTimer(Action callback) => new SystemTimer(callback);

        private sealed class SystemTimer : IPacerTimer
        {
            private readonly Timer _timer;

            public SystemTimer(Action callback) { _timer = new Timer(_ => callback()); }

            public void FireAt(long timestamp)
            {
                var ticks = timestamp - Stopwatch.GetTimestamp();
                // Timer resolution is a millisecond or coarser: round up so it never fires before the due time.
                var dueMs = ticks <= 0 ? 0 : (ticks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
                _timer.Change(dueMs, Timeout.Infinite);
            }
        }
    }
}
