using System.Diagnostics;
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
    [Fact]
    public async Task Benchmark_smoke_run_measures_every_scenario_and_writes_the_report()
    {
        var config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(ModuleHost.RepoRoot, "tests", "ConfluentPartner.Benchmarks", "bin", config, "net10.0", "ConfluentPartner.Benchmarks.dll");
        Assert.True(File.Exists(dll), dll + " was not built");
        var outDir = Directory.CreateTempSubdirectory("cp-bench-smoke-").FullName;
        try
        {
            var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "exec", dll, "--smoke", "--out", outDir }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;

            Assert.True(process.ExitCode == 0, output);
            foreach (var scenario in new[] { "B1", "B2", "B3", "B4", "B5" })
                Assert.Contains(output.Split('\n'), line => line.StartsWith(scenario + " ", StringComparison.Ordinal));

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

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host)) return host;
        return Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
    }
}
