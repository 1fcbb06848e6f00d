using System.Text.Json;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// The peer scenarios (P1, P2) start real pwsh processes against the benchmark's own server; their smallest size must
/// keep running, and the counts they report (rows lost, 429s) are facts a test can hold the module to. Timing is not.
/// </summary>
public class PeerBenchmarkSmokeTests
{
    private static readonly string Benchmarks = Path.Combine(ModuleHost.RepoRoot, "tests", "ConfluentPartner.Benchmarks",
        "bin", DotnetCli.Configuration, "net10.0", "ConfluentPartner.Benchmarks.dll");

    [Fact]
    public async Task Peer_smoke_run_compares_the_module_with_Invoke_RestMethod_in_pwsh_and_the_module_loses_no_row()
    {
        Assert.True(File.Exists(Benchmarks), $"{Benchmarks} is missing: the test project references the benchmarks so they are built first.");
        var outDir = Directory.CreateTempSubdirectory("cp-bench-peers-").FullName;
        try
        {
            var run = await DotnetCli.RunAsync(["exec", Benchmarks, "--smoke", "--only", "P1,P2", "--out", outDir], timeout: TimeSpan.FromMinutes(6));
            Assert.True(run.ExitCode == 0, run.ToString());

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "latest-smoke.json")));
            var lines = json.RootElement.GetProperty("lines").EnumerateArray().ToList();
            string[] variants = ["Invoke-RestMethod loop", "ForEach-Object -Parallel -ThrottleLimit 8 + IRM", "New-CcIamInvitation -ThrottleLimit 8"];
            foreach (var scenario in new[] { "P1", "P2" })
                Assert.Equal(variants, lines.Where(l => l.GetProperty("scenario").GetString() == scenario).Select(l => l.GetProperty("variant").GetString()));

            double Figure(string scenario, string name) => lines
                .Single(l => l.GetProperty("scenario").GetString() == scenario && l.GetProperty("variant").GetString() == "New-CcIamInvitation -ThrottleLimit 8")
                .GetProperty("figures").GetProperty(name).GetDouble();
            // Every row reached the server exactly once, and under the limit the pacer never provoked a 429.
            Assert.Equal(0, Figure("P1", "rowsLost"));
            Assert.Equal(0, Figure("P2", "rowsLost"));
            Assert.Equal(0, Figure("P2", "duplicates"));
            Assert.Equal(0, Figure("P2", "rateLimited"));
            Assert.Contains("| P2 |", File.ReadAllText(Path.Combine(outDir, "latest-smoke.md")));
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }
}
