using System;

namespace ConfluentPartner.Client.Http.Pacing
{
    /// <summary>
    /// The pacer's sense of time: a monotonic timestamp and timers that fire at one. Production uses
    /// <see cref="SystemPacerClock"/>; tests drive the pacing parts with a clock they advance by hand.
    /// </summary>
    internal interface IPacerClock
    {
        /// <summary>Monotonic timestamp in <see cref="TicksPerSecond"/> units.</summary>
        long Now { get; }

        long TicksPerSecond { get; }

        /// <summary>A timer that runs <paramref name="callback"/> (on any thread) when it is due.</summary>
        IPacerTimer CreateTimer(Action callback);
    }

    /// <summary>A one-shot, re-armable timer of an <see cref="IPacerClock"/>.</summary>
    internal interface IPacerTimer
    {
        /// <summary>Fires once at <paramref name="timestamp"/> (at once if it has passed); replaces an earlier due time.</summary>
        void FireAt(long timestamp);
    }
}
