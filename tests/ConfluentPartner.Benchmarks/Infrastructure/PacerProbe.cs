using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>
/// --probe: the module in the hosted engine against the peer server, printing when each request arrived, so the gaps
/// that cost throughput (window ends, the start-up, stalls) can be read off. A diagnostic, not a scored scenario.
/// </summary>
public static class PacerProbe
{
    public static async Task<int> RunAsync(int rows, int latencyMs, int? perWindow, int[] limits)
    {
        await using var server = await PeerServer.StartAsync(TimeSpan.FromMilliseconds(latencyMs), perWindow);
        using var session = ModuleSession.Open();
        var vars = new Dictionary<string, object?> { ["BaseUri"] = server.BaseUri.ToString(), ["Cred"] = ModuleHost.Credential(PeerServer.ApiKey, PeerServer.ApiSecret) };
        var round = 0;
        foreach (var limit in limits.Prepend(limits[0]))
        {
            vars["Rows"] = BenchContext.CsvRows(rows, $"probe-{round++}-");
            server.StartMeasuring();
            var (took, run) = session.Time($"$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit {limit}", vars, check: false);
            var elapsed = took.TotalSeconds;
            var arrivals = server.Arrivals;
            Console.WriteLine($"TL {limit}: {rows / elapsed:0.0} rows/s in {elapsed:0.000} s; {server.RateLimited} x 429 of {server.Requests}; created {server.Created("probe-")}; {run.Output.Count} out, {run.Errors.Count} errors");
            // Arrival histogram in 50 ms buckets, and the gaps over 30 ms.
            var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => (From: a.Ms, Gap: b.Ms - a.Ms)).Where(g => g.Gap > 30).ToList();
            Console.WriteLine("  first arrival " + arrivals.FirstOrDefault().Ms.ToString("0") + " ms; gaps > 30 ms: " +
                string.Join(", ", gaps.Select(g => $"{g.Gap:0} ms after {g.From:0}")));
            var per = arrivals.GroupBy(a => (int)(a.Ms / 100)).Select(g => $"{g.Key * 100}:{g.Count()}{(g.Any(x => x.Status == 429) ? "!" : "")}");
            Console.WriteLine("  per 100 ms: " + string.Join(" ", per));
        }
        return 0;
    }
}
