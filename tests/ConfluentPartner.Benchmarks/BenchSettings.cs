namespace ConfluentPartner.Benchmarks;

/// <summary>
/// The size of every scenario. The full run is what the README quotes; --quick is a one-minute check of the
/// same comparisons with fewer rows; --smoke only proves that every scenario runs and prints (used by a test).
/// </summary>
public sealed record BenchSettings
{
    public required string Mode { get; init; }
    public required int Repetitions { get; init; }

    // B1: bulk invitations at a simulated latency, no rate limit.
    public required int BulkRows { get; init; }
    public required TimeSpan BulkLatency { get; init; }
    public required int[] ThrottleLimits { get; init; }

    // B2: the same under the server's rate limit; one entry per (requests per window, window) variant.
    public required RateLimitCase[] RateLimits { get; init; }
    public required TimeSpan RateLatency { get; init; }

    // B3: per-call overhead at zero latency.
    public required int OverheadRows { get; init; }
    public required int OverheadConcurrency { get; init; }

    // B4: start-up.
    public required int WarmImports { get; init; }
    public required int ColdProcesses { get; init; }

    // B5: memory while streaming.
    public required int MemoryRows { get; init; }

    // P1/P2: the module against Invoke-RestMethod in real pwsh; null = not run at this size unless named with --only.
    public required PeerCase? PeerThroughput { get; init; }
    public required PeerCase? PeerRateLimit { get; init; }
    public required int PeerRepetitions { get; init; }

    public const int DefaultThrottleLimit = 8; // CcBulkCmdlet.DefaultThrottleLimit

    public static BenchSettings Full { get; } = new()
    {
        Mode = "full",
        Repetitions = 3,
        BulkRows = 2000,
        BulkLatency = TimeSpan.FromMilliseconds(50),
        ThrottleLimits = [1, 4, 8, 16, 32],
        RateLimits = [new(100, TimeSpan.FromSeconds(1), 1000), new(200, TimeSpan.FromSeconds(2), 2000)],
        RateLatency = TimeSpan.FromMilliseconds(50),
        OverheadRows = 2000,
        OverheadConcurrency = DefaultThrottleLimit,
        WarmImports = 25,
        ColdProcesses = 7,
        MemoryRows = 100_000,
        PeerThroughput = new(600, TimeSpan.FromMilliseconds(50), null, TimeSpan.FromSeconds(1), [8, 32]),
        PeerRateLimit = new(300, TimeSpan.FromMilliseconds(20), 50, TimeSpan.FromSeconds(1), [8, 32, 64]),
        PeerRepetitions = 2,
    };

    public static BenchSettings Quick { get; } = new()
    {
        Mode = "quick",
        Repetitions = 2,
        BulkRows = 80,
        BulkLatency = TimeSpan.FromMilliseconds(50),
        ThrottleLimits = [1, 8, 32],
        RateLimits = [new(50, TimeSpan.FromSeconds(1), 200)],
        RateLatency = TimeSpan.FromMilliseconds(50),
        OverheadRows = 1000,
        OverheadConcurrency = DefaultThrottleLimit,
        WarmImports = 20,
        ColdProcesses = 2,
        MemoryRows = 10_000,
        PeerThroughput = new(200, TimeSpan.FromMilliseconds(50), null, TimeSpan.FromSeconds(1), [8, 32]),
        PeerRateLimit = new(150, TimeSpan.FromMilliseconds(20), 50, TimeSpan.FromSeconds(1), [8, 32, 64]),
        PeerRepetitions = 1,
    };

    public static BenchSettings Smoke { get; } = new()
    {
        Mode = "smoke",
        Repetitions = 1,
        BulkRows = 16,
        BulkLatency = TimeSpan.FromMilliseconds(10),
        ThrottleLimits = [1, 8],
        RateLimits = [new(10, TimeSpan.FromSeconds(1), 12)],
        RateLatency = TimeSpan.FromMilliseconds(10),
        OverheadRows = 40,
        OverheadConcurrency = DefaultThrottleLimit,
        WarmImports = 2,
        ColdProcesses = 1,
        MemoryRows = 500,
        // Each peer measurement starts a pwsh process: too slow for the smoke test of B1-B5, so only with --only P1,P2.
        PeerThroughput = null,
        PeerRateLimit = null,
        PeerRepetitions = 1,
    };

    /// <summary>The smoke size of P1/P2, used when they are named with --only in a --smoke run.</summary>
    public static PeerCase SmokeThroughput { get; } = new(16, TimeSpan.FromMilliseconds(10), null, TimeSpan.FromSeconds(1), [8]);
    public static PeerCase SmokeRateLimit { get; } = new(12, TimeSpan.FromMilliseconds(10), 10, TimeSpan.FromSeconds(1), [8]);
}

/// <summary>The simulator allows <see cref="PerWindow"/> requests per <see cref="Window"/>; <see cref="Rows"/> are sent.</summary>
public sealed record RateLimitCase(int PerWindow, TimeSpan Window, int Rows)
{
    public double RatePerSecond => PerWindow / Window.TotalSeconds;
    public override string ToString() => $"R={PerWindow} per {Window.TotalSeconds:0.#} s";
}

/// <summary>A peer scenario: rows, the server's latency, its limit (null = none) per window, and the ThrottleLimits compared.</summary>
public sealed record PeerCase(int Rows, TimeSpan Latency, int? PerWindow, TimeSpan Window, int[] ThrottleLimits);
