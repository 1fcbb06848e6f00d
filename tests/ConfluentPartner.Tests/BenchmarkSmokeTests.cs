using System.Text.Json;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// The benchmarks are not part of CI, but they must keep running: their smallest configuration (--smoke: a few rows,
/// one repetition) goes through all five scenarios against the simulator and writes its report.
/// </summary>
public class BenchmarkSmokeTests
{
    private static readonly string Benchmarks = Path.Combine(ModuleHost.RepoRoot, "tests", "ConfluentPartner.Benchmarks",
        "bin", DotnetCli.Configuration, "net10.0", "ConfluentPartner.Benchmarks.dll");

    [Fact]
    public async Task Benchmark_smoke_run_measures_every_scenario_and_writes_the_report()
    {
        Assert.True(File.Exists(Benchmarks), $"{Benchmarks} is missing: the test project references the benchmarks so they are built first.");
        var outDir = Directory.CreateTempSubdirectory("cp-bench-smoke-").FullName;
        try
        {
            var run = await DotnetCli.RunAsync(["exec", Benchmarks, "--smoke", "--out", outDir], timeout: TimeSpan.FromMinutes(3));

            Assert.True(run.ExitCode == 0, run.ToString());
            foreach (var scenario in new[] { "B1", "B2", "B3", "B4", "B5" })
                Assert.Contains(run.StdOut.Split('\n'), line => line.StartsWith(scenario + " ", StringComparison.Ordinal));

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "latest-smoke.json")));
            var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
            Assert.Equal(["B1", "B2", "B3", "B4", "B5"], lines.Select(l => l.GetProperty("scenario").GetString()).Distinct().Order());
            Assert.All(lines, l => Assert.True(l.GetProperty("samples").GetArrayLength() > 0));
            Assert.Contains("| B1 |", File.ReadAllText(Path.Combine(outDir, "latest-smoke.md")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
