using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ConfluentCloud.Simulator;
using ConfluentPartner.Benchmarks.Infrastructure;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Scenarios;

/// <summary>
/// B4: what a runbook pays before its first row: Import-Module, then the first invitation. Cold = in a fresh
/// process (a runbook job), where our assemblies load and JIT for the first time; warm = a fresh runspace in a
/// process that has imported the module before (a second job in the same pwsh, a test run).
/// </summary>
public static class B4Startup
{
    public const string Id = "B4";
    public const string ChildFlag = "--child-startup";
    public const string EmptyModuleChildFlag = "--child-empty-module";
    private const string FirstInvitation = "New-CcIamInvitation -Email $Email -BaseUri $BaseUri -Credential $Cred";

    public static async Task RunAsync(BenchContext ctx)
    {
        var s = ctx.Settings;
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { MaxLoggedRequests = 0 });

        var coldImport = new Samples();
        var coldImportCpu = new Samples();
        var coldFirst = new Samples();
        for (var i = 0; i < s.ColdProcesses; i++)
        {
            var (import, importCpu, first) = await RunChildAsync(ChildFlag, sim.BaseUri.ToString(), $"b4-cold-{i}@example.com");
            coldImport.Add(import);
            coldImportCpu.Add(importCpu);
            coldFirst.Add(first);
            ctx.Progress($"fresh process {i + 1}: Import-Module {import,6:0} ms ({importCpu:0} ms CPU), first invitation {first,6:0} ms");
        }

        // Calibration: what PowerShell itself takes for the first Import-Module in a process, of a module with nothing in it.
        var emptyImport = new Samples();
        for (var i = 0; i < s.ColdProcesses; i++)
        {
            var (import, importCpu, _) = await RunChildAsync(EmptyModuleChildFlag);
            emptyImport.Add(import);
            ctx.Progress($"fresh process {i + 1}: Import-Module of an empty script module {import,6:0} ms ({importCpu:0} ms CPU)");
        }

        var warmImport = new Samples();
        var warmFirst = new Samples();
        // The first import in this process is cold too (unless another scenario came first); it is not a warm sample.
        for (var i = -1; i < s.WarmImports; i++)
        {
            using var session = ModuleSession.OpenEmpty();
            session.Run("$null = 1"); // the engine's own first-script cost is not the module's
            var import = session.TimeImport().TotalMilliseconds;
            var (first, _) = session.Time(FirstInvitation, sim.Vars(("Email", $"b4-warm-{i + 1}@example.com")));
            if (i < 0)
            {
                ctx.Progress($"first runspace in this process: Import-Module {import:0} ms, first invitation {first.TotalMilliseconds:0} ms (not counted as warm)");
                continue;
            }
            warmImport.Add(import);
            warmFirst.Add(first.TotalMilliseconds);
        }
        ctx.Progress($"{s.WarmImports} fresh runspaces: Import-Module median {warmImport.Median:0.0} ms, first invitation median {warmFirst.Median:0.0} ms");

        void Line(string variant, Samples samples, bool targeted, string comparison) => ctx.Report.Add(new ResultLine
        {
            Scenario = Id,
            Variant = variant,
            Unit = "ms",
            Format = "0",
            Samples = samples.Values,
            Comparison = comparison,
            Target = targeted ? "< 250 ms median" : "",
            Met = targeted ? samples.Median < 250 : null,
        });
        Line("Import-Module, cold (fresh process)", coldImport, true,
            $"{coldImport.Count} processes; CPU {coldImportCpu.Median:0} ms; an empty script module takes {emptyImport.Median:0} ms");
        Line("Import-Module, warm (fresh runspace)", warmImport, true, $"{warmImport.Count} runspaces");
        Line("first New-CcIamInvitation after import, cold", coldFirst, false, "one request at zero latency");
        Line("first New-CcIamInvitation after import, warm", warmFirst, false, "one request at zero latency");

        ctx.Report.Notes[Id] = $"Start-up: Import-Module of out/ConfluentPartner/ConfluentPartner.psd1 timed in {s.ColdProcesses} fresh processes (cold: our assemblies load and JIT " +
            $"for the first time, as in a runbook job) and in {s.WarmImports} fresh runspaces of this process (warm: assemblies already loaded). " +
            "For scale, the first Import-Module of an empty script module in a fresh process is timed the same way: that much is PowerShell's. " +
            "The CPU figure (user + system time of the whole process during the import) moves less with the machine's load than wall time does. " +
            "In every case the runspace is open and has run one trivial script before the clock starts, so PowerShell's own start-up is not counted. " +
            "The first invitation is one New-CcIamInvitation right after the import, at zero latency: it pays for building the HTTP client, the first " +
            "connection and the JSON and validation code paths.";
    }

    private static async Task<(double ImportMs, double ImportCpuMs, double FirstMs)> RunChildAsync(params string[] arguments)
    {
        var self = typeof(B4Startup).Assembly.Location;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host))
            host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", self }.Concat(arguments)) start.ArgumentList.Add(a);
        using var child = Process.Start(start) ?? throw new BenchmarkFailedException("could not start a child process");
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync();
        var lastLine = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
        if (child.ExitCode != 0 || !lastLine.StartsWith('{'))
            throw new BenchmarkFailedException($"the start-up child process failed ({child.ExitCode}): {await stderr}{lastLine}");
        var result = JsonDocument.Parse(lastLine).RootElement;
        return (result.GetProperty("importMs").GetDouble(), result.GetProperty("importCpuMs").GetDouble(),
            result.TryGetProperty("firstInvitationMs", out var first) ? first.GetDouble() : double.NaN);
    }

    /// <summary>In a child process: PowerShell's own cost of a first Import-Module, of a script module with nothing in it.</summary>
    public static int EmptyModuleChild()
    {
        var folder = Directory.CreateTempSubdirectory("cp-bench-empty-").FullName;
        try
        {
            var module = Path.Combine(folder, "Empty.psm1");
            File.WriteAllText(module, "");
            using var session = ModuleSession.OpenEmpty();
            session.Run("$null = 1");
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (import, _) = session.Time("Import-Module $Module", new Dictionary<string, object?> { ["Module"] = module });
            var importCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(JsonSerializer.Serialize(new { importMs = import.TotalMilliseconds, importCpuMs = importCpu.TotalMilliseconds }));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>In the child process: one cold import and one first invitation, printed as a JSON line.</summary>
    public static int Child(string baseUri, string email)
    {
        var defaults = new SimulatorOptions(); // the parent's simulator runs with the default credentials
        using var session = ModuleSession.OpenEmpty();
        session.Run("$null = 1");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var import = session.TimeImport();
        var importCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var (first, _) = session.Time(FirstInvitation, new Dictionary<string, object?>
        {
            ["Email"] = email,
            ["BaseUri"] = baseUri,
            ["Cred"] = ModuleHost.Credential(defaults.ApiKey, defaults.ApiSecret),
        });
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            importMs = import.TotalMilliseconds,
            importCpuMs = importCpu.TotalMilliseconds,
            firstInvitationMs = first.TotalMilliseconds,
        }));
        return 0;
    }
}
