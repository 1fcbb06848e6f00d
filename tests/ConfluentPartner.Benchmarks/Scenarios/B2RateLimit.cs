using System.Globalization;
using ConfluentCloud.Simulator;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// B2: bulk invitations under the server's rate limit, which is the only limit worth chasing: how close does the
/// module get to R requests per window without failing rows or provoking 429s?
/// </summary>
public static class B2RateLimit
{
    public const string Id = "B2";

    public static async Task RunAsync(BenchContext ctx)
    {
        var s = ctx.Settings;
        var session = ctx.Session;
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { Latency = s.RateLatency, MaxLoggedRequests = 0 });
        const string script = "$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred";

        // Warm-up without a limit.
        session.Run(script, sim.Vars(("Rows", BenchContext.CsvRows(20, "b2w-"))));

        foreach (var c in s.RateLimits)
        {
            sim.Options.RateLimitPerWindow = c.PerWindow;
            sim.Options.RateLimitWindow = c.Window;
            var rows = BenchContext.CsvRows(c.Rows, "b2-");
            var rates = new Samples();
            var ofR = new Samples();
            var throttled = new Samples();
            var share = new Samples();
            var failedMax = 0;
            for (var rep = 1; rep <= s.Repetitions; rep++)
            {
                sim.Reset();
                var (elapsed, run) = session.Time(script, sim.Vars(("Rows", rows)), check: false);
                var failed = c.Rows - run.Output.Count; // every row must come back as an invitation
                failedMax = Math.Max(failedMax, failed);
                var rate = c.Rows / elapsed.TotalSeconds;
                rates.Add(rate);
                ofR.Add(rate / c.RatePerSecond);
                throttled.Add(sim.Stats.RateLimited);
                share.Add((double)sim.Stats.RateLimited / Math.Max(1, sim.Stats.Requests));
                ctx.Progress($"rep {rep}: {c}: {rate,7:0.0} rows/s ({rate / c.RatePerSecond:0.00} R), {sim.Stats.RateLimited} x 429 of {sim.Stats.Requests} requests, " +
                             $"{failed} failed, {elapsed.TotalSeconds:0.0} s");
            }

            // With Rows = k * R the last window's batch ends early, so a perfect client does a little better than R.
            var windows = (int)Math.Ceiling((double)c.Rows / c.PerWindow);
            var lastBatch = Math.Ceiling((double)Math.Min(c.PerWindow, c.Rows) / BenchSettings.DefaultThrottleLimit) * s.RateLatency.TotalSeconds;
            var best = c.Rows / ((windows - 1) * c.Window.TotalSeconds + lastBatch) / c.RatePerSecond;
            ctx.Report.Add(new ResultLine
            {
                Scenario = Id,
                Variant = $"New-CcIamInvitation (default throttle), {c}, {c.Rows} rows",
                Unit = "rows/s",
                Samples = rates.Values,
                Comparison = $"{ofR.Median:0.00} R (a perfect client: {best:0.00} R); 429s {throttled.Median:0} ({share.Median:0.0%} of requests); failed rows {failedMax}",
                Target = ">= 0.9 R, 0 failed, 429s <= 2%",
                Met = ofR.Median >= 0.9 && failedMax == 0 && share.Median <= 0.02,
                Figures = new Dictionary<string, double> { ["ofR"] = ofR.Median, ["bestOfR"] = best, ["rateLimited"] = throttled.Median, ["rateLimitedShare"] = share.Median, ["failedRows"] = failedMax },
            });
        }

        ctx.Report.Notes[Id] = $"Under a rate limit: the simulator allows R requests per fixed window (starting at the first request) and answers every other request " +
            $"429 with Retry-After and X-RateLimit-Limit/-Remaining/-Reset (Reset in whole seconds, as the contract says); {s.RateLatency.TotalMilliseconds:0} ms latency, " +
            $"default -ThrottleLimit {BenchSettings.DefaultThrottleLimit}, so without the limit the module would go {BenchSettings.DefaultThrottleLimit * 1000 / s.RateLatency.TotalMilliseconds:0} rows/s. " +
            "Rate = rows / elapsed; R is the allowed rate per second. 429s are the simulator's count (Stats.RateLimited); a failed row is one that did not come back as an invitation.";
    }
}
