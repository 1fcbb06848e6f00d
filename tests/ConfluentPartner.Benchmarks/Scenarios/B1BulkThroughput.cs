using System.Diagnostics;
using System.Globalization;
using ConfluentCloud.Simulator;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// B1: bulk invitations at a simulated latency with no rate limit. The module at several -ThrottleLimit values
/// against a sequential loop, all in the same repetition so load changes hit every variant alike.
/// </summary>
public static class B1BulkThroughput
{
    public const string Id = "B1";
    private const string Baseline = "sequential HttpClient loop";

    public static async Task RunAsync(BenchContext ctx)
    {
        var s = ctx.Settings;
        var latencyMs = s.BulkLatency.TotalMilliseconds;
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = s.BulkLatency, MaxLoggedRequests = 0 });
        using var raw = new RawInvitationClient(sim);
        var session = ctx.Session;
        var rows = BenchContext.CsvRows(s.BulkRows, "b1-");
        var bodies = BenchContext.Emails(s.BulkRows, "b1-").Select(RawInvitationClient.Body).ToArray();

        var variants = new List<Variant>
        {
            new(Baseline, 1, async r =>
            {
                var clock = Stopwatch.StartNew();
                await raw.SendSequentialAsync(r.Bodies);
                return clock.Elapsed;
            }),
        };
        foreach (var limit in s.ThrottleLimits)
        {
            var name = $"New-CcIamInvitation -ThrottleLimit {limit}" + (limit == BenchSettings.DefaultThrottleLimit ? " (default)" : "");
            variants.Add(new(name, limit, r =>
            {
                var (elapsed, run) = session.Time($"$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit {limit}",
                    sim.Vars(("Rows", r.Rows)));
                if (run.Output.Count != r.Rows.Length) throw new BenchmarkFailedException($"{name}: {run.Output.Count} of {r.Rows.Length} rows came back");
                return Task.FromResult(elapsed);
            }));
        }

        // Warm-up: JIT, connections, tiered compilation; not measured.
        var warm = new PSObjectRows(BenchContext.CsvRows(Math.Min(s.BulkRows, 64), "b1w-"), BenchContext.Emails(Math.Min(s.BulkRows, 64), "b1w-").Select(RawInvitationClient.Body).ToArray());
        foreach (var v in variants.Where(v => v.Concurrency > 1 || v.Name == Baseline))
        {
            sim.Reset();
            await v.Run(new PSObjectRows(warm.Rows.Take(Math.Min(warm.Rows.Length, 2 * v.Concurrency + 4)).ToArray(), warm.Bodies.Take(4).ToArray()));
        }

        var rates = variants.ToDictionary(v => v.Name, _ => new Samples());
        var vsSequential = variants.ToDictionary(v => v.Name, _ => new Samples());
        var all = new PSObjectRows(rows, bodies);
        for (var rep = 1; rep <= s.Repetitions; rep++)
        {
            double baselineRate = double.NaN;
            foreach (var v in variants)
            {
                sim.Reset();
                var elapsed = await v.Run(all);
                if (sim.Stats.InvitationsCreated != s.BulkRows)
                    throw new BenchmarkFailedException($"{v.Name}: the simulator created {sim.Stats.InvitationsCreated} of {s.BulkRows} invitations");
                var rate = s.BulkRows / elapsed.TotalSeconds;
                if (v.Name == Baseline) baselineRate = rate;
                rates[v.Name].Add(rate);
                vsSequential[v.Name].Add(rate / baselineRate);
                ctx.Progress($"rep {rep}: {v.Name,-45} {rate,8:0.0} rows/s  ({elapsed.TotalSeconds:0.00} s, max {sim.Stats.MaxConcurrentRequests} in flight)");
            }
        }

        foreach (var v in variants)
        {
            var ideal = v.Concurrency * 1000.0 / latencyMs;
            var ofIdeal = rates[v.Name].Median / ideal;
            var isDefault = v.Concurrency == BenchSettings.DefaultThrottleLimit && v.Name != Baseline;
            var comparison = v.Name == Baseline
                ? $"{ofIdeal:0.00} of ideal {ideal:0}/s (1 / latency)"
                : $"{vsSequential[v.Name].Median:0.0}x sequential; {ofIdeal:0.00} of ideal {ideal:0}/s ({v.Concurrency} / latency)";
            ctx.Report.Add(new ResultLine
            {
                Scenario = Id,
                Variant = v.Name,
                Unit = "rows/s",
                Samples = rates[v.Name].Values,
                Comparison = comparison,
                Target = isDefault ? ">= 0.85 of ideal, >= 6x sequential" : "",
                Met = isDefault ? ofIdeal >= 0.85 && vsSequential[v.Name].Median >= 6 : null,
                Figures = new Dictionary<string, double> { ["ofIdeal"] = ofIdeal, ["vsSequential"] = vsSequential[v.Name].Median, ["ideal"] = ideal },
            });
        }

        ctx.Report.Notes[Id] = $"Bulk invitations: {s.BulkRows} rows, {latencyMs:0} ms simulated latency per request, no rate limit. Ideal = ThrottleLimit / latency " +
            "(every slot always busy, zero cost per request). The baseline is one HttpClient sending the module's exact JSON body with Basic auth, " +
            "one request after another: the network part of a `foreach (...) { Invoke-RestMethod -Method Post ... }` loop without PowerShell's " +
            "per-call cost (binding, ConvertFrom-Json, and without -WebSession a new connection per call), so it is the fastest such a loop can be " +
            "and the ratios against it are lower bounds. The module is timed from the first row to the last output object, " +
            "rows pre-built like Import-Csv output, output collected as `$result = ... | New-CcIamInvitation` would.";
    }

    private sealed record Variant(string Name, int Concurrency, Func<PSObjectRows, Task<TimeSpan>> Run);

    /// <summary>The same rows as the module sees them and as the raw loop sends them.</summary>
    public sealed record PSObjectRows(System.Management.Automation.PSObject[] Rows, byte[][] Bodies);
}
