using System.Globalization;
using ConfluentPartner.Benchmarks.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// P1 and P2: the module against what a pwsh user would write instead, each in its own real pwsh process (the repo's
/// local PowerShell 7.6.9 tool) against the benchmark's own <see cref="PeerServer"/>: an <c>Invoke-RestMethod</c> loop,
/// <c>ForEach-Object -Parallel -ThrottleLimit N</c> around <c>Invoke-RestMethod</c>, and <c>New-CcIamInvitation
/// -ThrottleLimit N</c>, all reading the same CSV with Import-Csv. P1 has latency and no limit; P2 adds a rate limit.
/// </summary>
public static class PeerScenarios
{
    public const string P1Id = "P1";
    public const string P2Id = "P2";

    public static Task RunP1Async(BenchContext ctx) => RunAsync(ctx, P1Id, ctx.Settings.PeerThroughput);

    public static Task RunP2Async(BenchContext ctx) => RunAsync(ctx, P2Id, ctx.Settings.PeerRateLimit);

    private sealed record Variant(string Name, string Kind, int Concurrency);

    private static async Task RunAsync(BenchContext ctx, string id, PeerCase? c)
    {
        if (c == null)
        {
            ctx.Progress("not part of this run's size (name it with --only to run it)");
            return;
        }
        var version = await PwshRunner.VersionAsync();
        await using var server = await PeerServer.StartAsync(c.Latency, c.PerWindow, c.Window);
        var dir = Directory.CreateTempSubdirectory("cp-bench-peers-").FullName;
        try
        {
            var script = Path.Combine(dir, "peer.ps1");
            File.WriteAllText(script, PwshRunner.Script);
            var prefix = id.ToLowerInvariant() + "-";
            var csv = WriteCsv(Path.Combine(dir, "rows.csv"), c.Rows, prefix);
            var warm = WriteCsv(Path.Combine(dir, "warm.csv"), 24, "warm-");

            var variants = new List<Variant> { new("Invoke-RestMethod loop", "loop", 1) };
            foreach (var n in c.ThrottleLimits)
            {
                variants.Add(new($"ForEach-Object -Parallel -ThrottleLimit {n} + IRM", "parallel", n));
                variants.Add(new($"New-CcIamInvitation -ThrottleLimit {n}", "module", n));
            }

            var latencyS = c.Latency.TotalSeconds;
            double Ideal(Variant v) => c.PerWindow is int r ? Math.Min(r / c.Window.TotalSeconds, v.Concurrency / latencyS) : v.Concurrency / latencyS;
            var rates = variants.ToDictionary(v => v.Name, _ => new Samples());
            var throttled = variants.ToDictionary(v => v.Name, _ => new Samples());
            var shares = variants.ToDictionary(v => v.Name, _ => new Samples());
            var lost = variants.ToDictionary(v => v.Name, _ => 0);
            var duplicates = variants.ToDictionary(v => v.Name, _ => 0L);
            var failed = variants.ToDictionary(v => v.Name, _ => 0);
            var timeout = TimeSpan.FromSeconds(120 + 4 * c.Rows * Math.Max(latencyS, 0.02));
            for (var rep = 1; rep <= ctx.Settings.PeerRepetitions; rep++)
            {
                foreach (var v in variants)
                {
                    server.StopMeasuring();
                    var result = await PwshRunner.RunAsync(script, v.Kind, server.BaseUri, csv, warm, v.Concurrency, timeout);
                    var rate = c.Rows / (result.Milliseconds / 1000);
                    var created = server.Created(prefix);
                    rates[v.Name].Add(rate);
                    throttled[v.Name].Add(server.RateLimited);
                    shares[v.Name].Add((double)server.RateLimited / Math.Max(1, server.Requests));
                    lost[v.Name] = Math.Max(lost[v.Name], c.Rows - created);
                    duplicates[v.Name] = Math.Max(duplicates[v.Name], server.Duplicates);
                    failed[v.Name] = Math.Max(failed[v.Name], result.Errors);
                    ctx.Progress($"rep {rep}: {v.Name,-48} {rate,7:0.0} rows/s ({rate / Ideal(v):0.00} of ideal), {server.RateLimited} x 429 of {server.Requests} requests, " +
                                 $"{c.Rows - created} lost, {result.Errors} error(s){(result.Errors > 0 ? ": " + Shorten(result.FirstError) : "")}");
                }
            }

            var moduleAt = variants.Where(v => v.Kind == "module").ToDictionary(v => v.Concurrency, v => rates[v.Name].Median);
            var lowest = moduleAt.Count == 0 ? 0 : moduleAt.Keys.Min();
            foreach (var v in variants)
            {
                var ideal = Ideal(v);
                var ofIdeal = rates[v.Name].Median / ideal;
                var idealText = c.PerWindow.HasValue && ideal >= c.PerWindow.Value / c.Window.TotalSeconds - 1e-9
                    ? $"R = {ideal:0.#}/s"
                    : $"{ideal:0.#}/s ({v.Concurrency} / latency)";
                var comparison = $"{ofIdeal:0.00} of ideal {idealText}";
                if (c.PerWindow is int perWindow && v.Concurrency / latencyS > perWindow / c.Window.TotalSeconds)
                {
                    // Rows = k * R: the last window's batch ends early, so a perfect client does a little better than R.
                    var windows = (int)Math.Ceiling((double)c.Rows / perWindow);
                    var lastBatch = c.Rows - (windows - 1) * perWindow;
                    var best = c.Rows / ((windows - 1) * c.Window.TotalSeconds + Math.Ceiling((double)lastBatch / v.Concurrency) * latencyS);
                    comparison += $" (a perfect client: {best / ideal:0.00} R)";
                }
                if (c.PerWindow.HasValue || throttled[v.Name].Max > 0)
                    comparison += $"; 429s {throttled[v.Name].Median:0} ({shares[v.Name].Median:0.0%} of requests)";
                comparison += $"; rows lost {lost[v.Name]}";
                if (duplicates[v.Name] > 0) comparison += $"; duplicates {duplicates[v.Name]}";
                if (failed[v.Name] > 0) comparison += $"; errors {failed[v.Name]}";
                if (v.Kind == "module" && v.Concurrency != lowest && moduleAt.TryGetValue(lowest, out var atLowest))
                    comparison += $"; {rates[v.Name].Median / atLowest:0.00}x ThrottleLimit {lowest}";

                string target = "";
                bool? met = null;
                if (v.Kind == "module")
                {
                    if (c.PerWindow.HasValue)
                    {
                        target = ">= 0.95 R, 429s <= 1%, 0 lost";
                        met = ofIdeal >= 0.95 && shares[v.Name].Median <= 0.01 && lost[v.Name] == 0;
                    }
                    else
                    {
                        var want = v.Concurrency <= 8 ? 0.95 : 0.9;
                        target = $">= {want:0.00} of ideal, 0 lost";
                        met = ofIdeal >= want && lost[v.Name] == 0;
                    }
                }
                ctx.Report.Add(new ResultLine
                {
                    Scenario = id,
                    Variant = v.Name,
                    Unit = "rows/s",
                    Samples = rates[v.Name].Values,
                    Comparison = comparison,
                    Target = target,
                    Met = met,
                    Figures = new Dictionary<string, double>
                    {
                        ["ofIdeal"] = ofIdeal, ["ideal"] = ideal, ["rateLimited"] = throttled[v.Name].Median,
                        ["rateLimitedShare"] = shares[v.Name].Median, ["rowsLost"] = lost[v.Name], ["duplicates"] = duplicates[v.Name],
                        ["errors"] = failed[v.Name],
                    },
                });
            }

            var limitText = c.PerWindow is int pw
                ? $"a server limit of {pw} requests per {c.Window.TotalSeconds:0.#} s fixed window (starting with its first request, counted on arrival; " +
                  "429 with Retry-After and X-RateLimit-Limit/-Remaining/-Reset in whole seconds on every answer), "
                : "no rate limit, ";
            ctx.Report.Notes[id] = $"Peers in real pwsh {version} (`dotnet pwsh`, one process per measurement): {c.Rows} rows from Import-Csv, {limitText}" +
                $"{c.Latency.TotalMilliseconds:0} ms latency on every answer, against the benchmark's own loopback server (not the simulator). " +
                "Invoke-RestMethod runs with -MaximumRetryCount 5 -RetryIntervalSec 1 and a JSON body from ConvertTo-Json, as a user would write it. " +
                "Each process warms its variant up on 24 other rows first; the Stopwatch inside pwsh covers `Import-Csv | ...` to the last output " +
                "(pwsh start-up and Import-Module excluded). Ideal = ThrottleLimit / latency" + (c.PerWindow.HasValue ? ", capped at R" : "") +
                "; rows lost = rows in less distinct invitations the server created; 429s are the server's count.";
        }
        finally
        {
            server.StopMeasuring();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Shorten(string s) => s.Length <= 160 ? s : s[..160] + "...";

    private static string WriteCsv(string path, int rows, string prefix)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("email");
        for (var i = 0; i < rows; i++) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D6}@example.com"));
        return path;
    }
}
