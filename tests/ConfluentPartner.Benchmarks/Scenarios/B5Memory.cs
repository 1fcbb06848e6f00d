using System.Diagnostics;
using System.Globalization;
using ConfluentCloud.Simulator;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// B5: memory while a large job streams through the cmdlet (Azure Automation gives a job 400 MB). Rows are made
/// lazily by the pipeline and counted, never collected, so whatever grows is held by the module or the engine.
/// </summary>
public static class B5Memory
{
    public const string Id = "B5";
    private const double MiB = 1024 * 1024;

    private const string Script = """
        $n = 0
        1..$Count | ForEach-Object { [pscustomobject]@{ email = "b5-$_@example.com" } } |
            New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred |
            ForEach-Object { $n++ }
        $n
        """;

    public static async Task RunAsync(BenchContext ctx)
    {
        var s = ctx.Settings;
        var session = ctx.Session;
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { MaxLoggedRequests = 16, LogRequestBodies = false });

        // Warm-up: the same script on a few rows, so JIT and first-use allocations are in the baseline.
        session.Run(Script, sim.Vars(("Count", Math.Min(2000, s.MemoryRows))));

        var managedGrowth = new Samples();
        var workingSetGrowth = new Samples();
        var retained = new Samples();
        var rates = new Samples();
        for (var rep = 1; rep <= s.Repetitions; rep++)
        {
            sim.Reset();
            var (managed0, workingSet0) = MemorySampler.Settled();
            var sampler = new MemorySampler(TimeSpan.FromMilliseconds(20));
            var emptier = EmptySimulatorStore(sim);
            TimeSpan elapsed;
            long count;
            try
            {
                var (e, run) = session.Time(Script, sim.Vars(("Count", s.MemoryRows)));
                elapsed = e;
                count = run.Output.Count == 1 ? Convert.ToInt64(run.Output[0].BaseObject, CultureInfo.InvariantCulture) : -1;
            }
            finally
            {
                emptier.Dispose();
                sampler.Dispose();
            }
            managedGrowth.Add((sampler.PeakManagedBytes - managed0) / MiB);
            workingSetGrowth.Add((sampler.PeakWorkingSetBytes - workingSet0) / MiB);
            if (count != s.MemoryRows) throw new BenchmarkFailedException($"{count} of {s.MemoryRows} rows came back");
            var (managed1, _) = MemorySampler.Settled();
            retained.Add((managed1 - managed0) / MiB);
            rates.Add(s.MemoryRows / elapsed.TotalSeconds);
            ctx.Progress($"rep {rep}: {s.MemoryRows} rows in {elapsed.TotalSeconds:0.0} s ({s.MemoryRows / elapsed.TotalSeconds:0} rows/s); " +
                         $"peak growth: managed {managedGrowth.Values[^1]:0.0} MB, working set {workingSetGrowth.Values[^1]:0.0} MB; retained after GC {retained.Values[^1]:0.0} MB");
        }

        ctx.Report.Add(new ResultLine
        {
            Scenario = Id,
            Variant = $"{s.MemoryRows:N0} rows streamed: peak working-set growth",
            Unit = "MB",
            Samples = workingSetGrowth.Values,
            Comparison = $"{rates.Median:0} rows/s; retained after the run {retained.Median:0.0} MB",
            Target = "< 64 MB",
            Met = workingSetGrowth.Median < 64,
            Figures = new Dictionary<string, double> { ["rowsPerSecond"] = rates.Median, ["retainedMB"] = retained.Median },
        });
        ctx.Report.Add(new ResultLine
        {
            Scenario = Id,
            Variant = $"{s.MemoryRows:N0} rows streamed: peak managed-heap growth",
            Unit = "MB",
            Samples = managedGrowth.Values,
            Comparison = "garbage included (sampled, not collected)",
            Target = "< 64 MB",
            Met = managedGrowth.Median < 64,
        });

        ctx.Report.Notes[Id] = $"Memory: {s.MemoryRows:N0} rows made lazily by `1..N | ForEach-Object {{ [pscustomobject]@{{ email = ... }} }}`, piped through New-CcIamInvitation " +
            "(default throttle, zero latency) into `ForEach-Object { $n++ }`, so nothing collects them. Growth = peak while streaming (sampled every 20 ms " +
            "on a background thread) minus the level after a full GC just before, for the managed heap (GC.GetTotalMemory, garbage included) and the " +
            "process working set. The simulator shares the process, so its request log is capped (16 entries, no bodies) and its invitation store is emptied " +
            "every 250 ms: otherwise its copy of 100,000 invitations would be counted as ours.";
    }

    /// <summary>The simulator keeps every invitation it creates; that memory is the server's, not the module's.</summary>
    private static IDisposable EmptySimulatorStore(CloudSimulator sim) => new Timer(_ => sim.Reset(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
}
