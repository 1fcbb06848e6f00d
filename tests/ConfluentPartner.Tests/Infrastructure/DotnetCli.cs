using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>What a child `dotnet` process printed and how it ended.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

/// <summary>Runs the same `dotnet` that runs the tests, for what must happen in a process of its own.</summary>
public static class DotnetCli
{
    /// <summary>The configuration the tests were built in, so sibling projects' outputs are found beside them.</summary>
    public static string Configuration { get; } =
        typeof(DotnetCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Executable { get; } = FindDotnet();

    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = ModuleHost.RepoRoot,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no MSBuild node outlives the test
        foreach (var pair in environment ?? new Dictionary<string, string>()) start.Environment[pair.Key] = pair.Value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish in time.\n{await stdout}\n{await stderr}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    private static string FindDotnet()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self != null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return self;
        return "dotnet";
    }
}

/// <summary>
/// tests/ConfluentPartner.IsolationHost: a plain console host with an older Microsoft.Extensions.Http in its default
/// load context that imports a module, invites, removes and re-imports it, and reports what got loaded where.
/// </summary>
public static class IsolationHost
{
    public static string Path { get; } = System.IO.Path.Combine(ModuleHost.RepoRoot, "tests", "ConfluentPartner.IsolationHost",
        "bin", DotnetCli.Configuration, "net10.0", "ConfluentPartner.IsolationHost.dll");

    /// <summary>One invitation per email; the first after Import-Module, each further one after Remove-Module and Import-Module.</summary>
    public static async Task<(ProcessResult Process, System.Text.Json.JsonElement Report)> RunAsync(
        string manifest, ConfluentCloud.Simulator.CloudSimulator sim, params string[] emails)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: build the solution (the test project references the host so it is built first).");
        var result = await DotnetCli.RunAsync([Path, manifest, sim.BaseUri.ToString(), .. emails], new Dictionary<string, string>
        {
            ["CC_ISOLATION_API_KEY"] = sim.Options.ApiKey,
            ["CC_ISOLATION_API_SECRET"] = sim.Options.ApiSecret,
        });
        Assert.True(result.ExitCode == 0, result.ToString());
        return (result, System.Text.Json.JsonDocument.Parse(result.StdOut).RootElement.Clone());
    }
}
