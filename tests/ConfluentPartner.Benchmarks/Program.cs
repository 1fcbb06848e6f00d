using System.Diagnostics;
using System.Globalization;
using ConfluentPartner.Benchmarks;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Benchmarks.Scenarios;
using ConfluentPartner.Tests.Infrastructure;

// dotnet run -c Release --project tests/ConfluentPartner.Benchmarks [-- --quick | --smoke] [--only B1,B3,P1] [--reps N] [--out DIR]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 3 && args[0] == B4Startup.ChildFlag) return B4Startup.Child(args[1], args[2]);
if (args.Length == 1 && args[0] == B4Startup.EmptyModuleChildFlag) return B4Startup.EmptyModuleChild();
// --probe ROWS LATENCY_MS PER_WINDOW|0 TL[,TL...]: the client alone against the peer server, with request arrival times.
if (args.Length == 5 && args[0] == "--probe")
    return await PacerProbe.RunAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture),
        args[3] == "0" ? null : int.Parse(args[3], CultureInfo.InvariantCulture), args[4].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray());

var settings = BenchSettings.Full;
var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
string? outDir = null;
int? reps = null;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--quick": settings = BenchSettings.Quick; break;
        case "--smoke": settings = BenchSettings.Smoke; break;
        case "--only": only.UnionWith(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
        case "--reps": reps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
        case "--out": outDir = Value(); break;
        case "-h" or "--help":
            Console.WriteLine("Usage: ConfluentPartner.Benchmarks [--quick | --smoke] [--only B1,B2,...,P1,P2] [--reps N] [--out DIR]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}' (try --help).");
            return 2;
    }
}
if (reps is int r) settings = settings with { Repetitions = r, PeerRepetitions = r };
if (settings.Mode == "smoke" && only.Overlaps([PeerScenarios.P1Id, PeerScenarios.P2Id]))
    settings = settings with { PeerThroughput = BenchSettings.SmokeThroughput, PeerRateLimit = BenchSettings.SmokeRateLimit };

if (!File.Exists(ModuleHost.ModuleManifest))
{
    Console.Error.WriteLine($"{ModuleHost.ModuleManifest} is missing: build the solution first (dotnet build ConfluentPartner.sln -c Release).");
    return 2;
}

// B5 first, in a process that has done nothing else yet, so that the memory other scenarios leave behind does not
// flatter (or spoil) its growth; B4 before B1–B3 so that its first in-process import is still cold.
(string Id, string Title, Func<BenchContext, Task> Run)[] scenarios =
[
    (B5Memory.Id, "memory while streaming", B5Memory.RunAsync),
    (B4Startup.Id, "start-up", B4Startup.RunAsync),
    (B1BulkThroughput.Id, "bulk throughput", B1BulkThroughput.RunAsync),
    (B2RateLimit.Id, "under a rate limit", B2RateLimit.RunAsync),
    (B3CallOverhead.Id, "per-call overhead", B3CallOverhead.RunAsync),
    (PeerScenarios.P1Id, "against Invoke-RestMethod in pwsh: throughput", PeerScenarios.RunP1Async),
    (PeerScenarios.P2Id, "against Invoke-RestMethod in pwsh: under a rate limit", PeerScenarios.RunP2Async),
];

var machine = new MachineInfo();
var report = new BenchReport { Mode = settings.Mode, Repetitions = settings.Repetitions, Machine = machine };
machine.NoteLoad("start");
Console.WriteLine($"ConfluentPartner benchmarks, {settings.Mode} run; {MachineInfo.LoadAverage()}");
var total = Stopwatch.StartNew();
using (var ctx = new BenchContext(settings, report, Console.Out))
{
    foreach (var (id, title, run) in scenarios)
    {
        if (only.Count > 0 && !only.Contains(id)) continue;
        Console.WriteLine($"== {id}: {title} ({MachineInfo.LoadAverage()})");
        var clock = Stopwatch.StartNew();
        try
        {
            await run(ctx);
        }
        catch (BenchmarkFailedException ex)
        {
            report.Problems.Add($"{id} could not be measured: {ex.Message}");
            Console.WriteLine($"  FAILED: {ex.Message}");
        }
        machine.NoteLoad($"after {id}");
        Console.WriteLine($"  ({clock.Elapsed.TotalSeconds:0} s)");
    }
}

// Scenarios ran in another order (see above); report them P1, P2 (what users compare with), then B1..B5, each in the
// order it measured its variants.
var byScenario = report.Lines.OrderBy(l => l.Scenario.StartsWith('P') ? 0 : 1).ThenBy(l => l.Scenario, StringComparer.Ordinal).ToList();
report.Lines.Clear();
report.Lines.AddRange(byScenario);
Console.WriteLine();
Console.WriteLine(report.ConsoleTable());
Console.WriteLine();
Console.WriteLine(report.MachineText());
foreach (var p in report.Problems) Console.WriteLine("PROBLEM: " + p);

outDir ??= Path.Combine(ModuleHost.RepoRoot, "artifacts", "benchmarks");
Directory.CreateDirectory(outDir);
var name = settings.Mode == "full" ? "latest" : "latest-" + settings.Mode;
File.WriteAllText(Path.Combine(outDir, name + ".md"), report.ToMarkdown());
File.WriteAllText(Path.Combine(outDir, name + ".json"), report.ToJson());
Console.WriteLine($"Wrote {Path.Combine(outDir, name)}.md and .json in {total.Elapsed.TotalSeconds:0} s.");
return report.Problems.Count == 0 ? 0 : 1;
