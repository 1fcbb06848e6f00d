using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConfluentCloud.Simulator;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// B3: what the cmdlet costs per row on top of the HTTP call itself, at zero latency where nothing hides it:
/// a pipeline of rows into one New-CcIamInvitation against raw HttpClient POSTs of the same bodies.
/// </summary>
public static class B3CallOverhead
{
    public const string Id = "B3";

    private sealed record Variant(string Name, Func<Task<TimeSpan>> Run, string? ComparedWith);

    public static async Task RunAsync(BenchContext ctx)
    {
        var s = ctx.Settings;
        var session = ctx.Session;
        var n = s.OverheadRows;
        var c = s.OverheadConcurrency;
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { MaxLoggedRequests = 0 });
        using var raw = new RawInvitationClient(sim);
        var rows = BenchContext.CsvRows(n, "b3-");
        var bodies = BenchContext.Emails(n, "b3-").Select(RawInvitationClient.Body).ToArray();
        CheckBodiesIdentical(ctx, sim, session);

        TimeSpan Module(int limit)
        {
            var (elapsed, run) = session.Time($"$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -ThrottleLimit {limit}", sim.Vars(("Rows", rows)));
            if (run.Output.Count != n) throw new BenchmarkFailedException($"-ThrottleLimit {limit}: {run.Output.Count} of {n} rows came back");
            return elapsed;
        }
        async Task<TimeSpan> Raw(Func<Task> send)
        {
            var clock = Stopwatch.StartNew();
            await send();
            return clock.Elapsed;
        }

        const string rawSequential = "HttpClient, sequential";
        var rawConcurrent = $"HttpClient, {c} concurrent";
        var variants = new[]
        {
            new Variant(rawSequential, () => Raw(() => raw.SendSequentialAsync(bodies)), null),
            new Variant("New-CcIamInvitation -ThrottleLimit 1", () => Task.FromResult(Module(1)), rawSequential),
            new Variant(rawConcurrent, () => Raw(() => raw.SendConcurrentAsync(bodies, c)), null),
            new Variant($"New-CcIamInvitation -ThrottleLimit {c}" + (c == BenchSettings.DefaultThrottleLimit ? " (default)" : ""), () => Task.FromResult(Module(c)), rawConcurrent),
        };

        // Warm-up: two full passes of each, not measured (tiered JIT needs thousands of calls to settle).
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var v in variants)
            {
                sim.Reset();
                await v.Run();
            }
        }

        // The layer the cmdlet adds before any request: binding the row, validation, ShouldProcess (-WhatIf writes its
        // message and sends nothing). What the full cmdlet costs beyond this and beyond raw HTTP is the client's part.
        const string whatIfName = "New-CcIamInvitation -WhatIf (no request)";
        var whatIf = new Samples();
        double WhatIfUs()
        {
            sim.Reset();
            var (elapsed, run) = session.Time("$Rows | New-CcIamInvitation -BaseUri $BaseUri -Credential $Cred -WhatIf", sim.Vars(("Rows", rows)));
            if (sim.Stats.InvitationsCreated != 0) throw new BenchmarkFailedException("-WhatIf created invitations");
            return elapsed.TotalMilliseconds * 1000 / n;
        }
        WhatIfUs();

        var perRow = variants.ToDictionary(v => v.Name, _ => new Samples());
        var allocated = variants.ToDictionary(v => v.Name, _ => new Samples());
        var ratio = variants.ToDictionary(v => v.Name, _ => new Samples());
        var cpuPerRow = variants.ToDictionary(v => v.Name, _ => new Samples());
        var cpuRatio = variants.ToDictionary(v => v.Name, _ => new Samples());
        for (var rep = 1; rep <= s.Repetitions; rep++)
        {
            var thisRep = new Dictionary<string, double>();
            var thisRepCpu = new Dictionary<string, double>();
            foreach (var v in variants)
            {
                sim.Reset();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var elapsed = await v.Run();
                var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / n;
                var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
                if (sim.Stats.InvitationsCreated != n) throw new BenchmarkFailedException($"{v.Name}: {sim.Stats.InvitationsCreated} of {n} invitations created");
                var us = elapsed.TotalMilliseconds * 1000 / n;
                thisRep[v.Name] = us;
                perRow[v.Name].Add(us);
                allocated[v.Name].Add(bytes / 1024.0 / n);
                thisRepCpu[v.Name] = cpu;
                cpuPerRow[v.Name].Add(cpu);
                if (v.ComparedWith != null)
                {
                    ratio[v.Name].Add(us / thisRep[v.ComparedWith]);
                    cpuRatio[v.Name].Add(cpu / thisRepCpu[v.ComparedWith]);
                }
                ctx.Progress($"rep {rep}: {v.Name,-42} {us,6:0} us/row wall, {cpu,6:0} us/row CPU, {bytes / 1024.0 / n,5:0.0} KB/row allocated");
            }
            whatIf.Add(WhatIfUs());
            ctx.Progress($"rep {rep}: {whatIfName,-42} {whatIf.Values[^1],6:0} us/row wall");
        }

        foreach (var v in variants)
        {
            var kb = allocated[v.Name].Median;
            string comparison;
            if (v.ComparedWith == null)
            {
                comparison = $"CPU {cpuPerRow[v.Name].Median:0} us/row; {kb:0.0} KB/row allocated (client + simulator)";
            }
            else
            {
                var extra = kb - allocated[v.ComparedWith].Median;
                comparison = $"{ratio[v.Name].Median:0.00}x {v.ComparedWith} (CPU {cpuPerRow[v.Name].Median:0} us/row, {cpuRatio[v.Name].Median:0.00}x); " +
                             $"{kb:0.0} KB/row allocated ({extra:+0.0;-0.0} KB over raw)";
            }
            ctx.Report.Add(new ResultLine
            {
                Scenario = Id,
                Variant = v.Name,
                Unit = "us/row",
                Format = "0",
                Samples = perRow[v.Name].Values,
                Comparison = comparison,
                Target = v.ComparedWith == null ? "" : "<= 1.25x raw",
                Met = v.ComparedWith == null ? null : ratio[v.Name].Median <= 1.25,
                Figures = v.ComparedWith == null
                    ? new Dictionary<string, double> { ["cpuUsPerRow"] = cpuPerRow[v.Name].Median, ["allocatedKBPerRow"] = kb }
                    : new Dictionary<string, double>
                    {
                        ["vsRaw"] = ratio[v.Name].Median, ["cpuUsPerRow"] = cpuPerRow[v.Name].Median, ["cpuVsRaw"] = cpuRatio[v.Name].Median,
                        ["allocatedKBPerRow"] = kb, ["extraKBPerRow"] = kb - allocated[v.ComparedWith].Median,
                    },
            });
        }

        var rawSeq = perRow[rawSequential].Median;
        var moduleSeq = perRow["New-CcIamInvitation -ThrottleLimit 1"].Median;
        ctx.Report.Add(new ResultLine
        {
            Scenario = Id,
            Variant = whatIfName,
            Unit = "us/row",
            Format = "0",
            Samples = whatIf.Values,
            Comparison = $"where -ThrottleLimit 1's {moduleSeq - rawSeq:0} us/row over raw go: {Math.Min(whatIf.Median, moduleSeq - rawSeq):0} in binding, validation and ShouldProcess " +
                         $"(this line), the other {Math.Max(0, moduleSeq - rawSeq - whatIf.Median):0} in the client (pacing, JSON, retry policy) and the output object",
            Figures = new Dictionary<string, double> { ["overheadUsPerRow"] = moduleSeq - rawSeq, ["beforeRequestUsPerRow"] = whatIf.Median },
        });

        ctx.Report.Notes[Id] = $"Per-call overhead: {n} rows at zero latency, piped into one New-CcIamInvitation call, against raw HttpClient POSTs of byte-identical bodies " +
            $"(checked against the simulator's request log) one after another and with {c} workers. Time per row is wall time / rows, so it includes " +
            "the in-process simulator's work, which is the same for both sides; the ratio is what the cmdlet adds (binding the row, validation, JSON, " +
            "pacing, the typed output object, ordered writing). CPU is the process's user + system time over the run divided by rows (all threads, " +
            "the simulator's and the JIT's included): on a loaded machine it moves less than wall time. Allocation is GC.GetTotalAllocatedBytes(precise) over the run, all threads, simulator included.";
    }

    /// <summary>The comparison is fair only if both sides send the same bytes: look at what the simulator received.</summary>
    private static void CheckBodiesIdentical(BenchContext ctx, CloudSimulator sim, ModuleSession session)
    {
        sim.Options.MaxLoggedRequests = 4;
        var email = "b3-body-check@example.com";
        session.Run("New-CcIamInvitation -Email $Email -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Email", email)));
        var sent = sim.Requests.Single(r => r.Method == "POST").Body;
        sim.Options.MaxLoggedRequests = 0;
        var expected = Encoding.UTF8.GetString(RawInvitationClient.Body(email));
        if (sent != expected)
            ctx.Report.Problems.Add($"B3: the module sent {sent} but the raw client sends {expected}: the comparison is not like for like.");
    }
}
