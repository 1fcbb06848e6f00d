using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>
/// Runs one peer measurement in a real pwsh process: the repo's local tool (<c>dotnet pwsh</c>, PowerShell 7.6.9 from
/// dotnet-tools.json). The script warms the variant up on a few rows, tells the server to start measuring, then times
/// <c>Import-Csv file | ...</c> with a Stopwatch inside pwsh (start-up and Import-Module are not timed). The process is
/// killed with its children when it overruns or when the benchmark stops, so nothing outlives the run.
/// </summary>
public static class PwshRunner
{
    /// <summary>What the timed pipeline did, as pwsh saw it.</summary>
    public sealed record PwshResult(double Milliseconds, int Output, int Errors, string FirstError);

    public const string Script = """
        param([string]$Variant, [string]$BaseUri, [string]$Csv, [string]$WarmCsv, [int]$ThrottleLimit, [string]$Module, [string]$Key, [string]$Secret)
        $ErrorActionPreference = 'Continue'
        $ProgressPreference = 'SilentlyContinue'
        $uri = $BaseUri.TrimEnd('/') + '/iam/v2/invitations'
        $headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("${Key}:${Secret}")) }
        switch ($Variant) {
            'loop' {
                $run = { param($file)
                    Import-Csv $file | ForEach-Object {
                        Invoke-RestMethod -Method Post -Uri $uri -Headers $headers -ContentType 'application/json' -Body (@{ email = $_.email } | ConvertTo-Json -Compress) -MaximumRetryCount 5 -RetryIntervalSec 1
                    }
                }
            }
            'parallel' {
                $run = { param($file)
                    Import-Csv $file | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
                        Invoke-RestMethod -Method Post -Uri $using:uri -Headers $using:headers -ContentType 'application/json' -Body (@{ email = $_.email } | ConvertTo-Json -Compress) -MaximumRetryCount 5 -RetryIntervalSec 1
                    }
                }
            }
            'module' {
                Import-Module $Module -ErrorAction Stop
                $cred = [pscredential]::new($Key, (ConvertTo-SecureString $Secret -AsPlainText -Force))
                $run = { param($file) Import-Csv $file | New-CcIamInvitation -BaseUri $BaseUri -Credential $cred -ThrottleLimit $ThrottleLimit }
            }
            default { throw "unknown variant $Variant" }
        }
        $null = & $run $WarmCsv
        $null = Invoke-RestMethod -Method Post -Uri ($BaseUri.TrimEnd('/') + '/_bench/start')
        $Error.Clear()
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $out = @(& $run $Csv)
        $sw.Stop()
        $first = if ($Error.Count -gt 0) { "$($Error[$Error.Count - 1])" } else { '' }
        'RESULT ' + (@{ ms = $sw.Elapsed.TotalMilliseconds; output = $out.Count; errors = $Error.Count; firstError = $first } | ConvertTo-Json -Compress)
        """;

    /// <summary>Checks once per run that the local tool is there (dotnet tool restore).</summary>
    public static async Task<string> VersionAsync()
    {
        var (code, stdout, stderr) = await RunProcessAsync(["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", "$PSVersionTable.PSVersion.ToString()"],
            TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        if (code != 0) throw new BenchmarkFailedException($"'dotnet pwsh' failed ({code}); run 'dotnet tool restore' at the repo root. {stderr.Trim()}");
        return stdout.Trim();
    }

    public static async Task<PwshResult> RunAsync(string scriptPath, string variant, Uri baseUri, string csv, string warmCsv, int throttleLimit, TimeSpan timeout)
    {
        var (code, stdout, stderr) = await RunProcessAsync(
            ["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", scriptPath,
             "-Variant", variant, "-BaseUri", baseUri.ToString(), "-Csv", csv, "-WarmCsv", warmCsv,
             "-ThrottleLimit", throttleLimit.ToString(CultureInfo.InvariantCulture), "-Module", ModuleHost.ModuleManifest,
             "-Key", PeerServer.ApiKey, "-Secret", PeerServer.ApiSecret],
            timeout).ConfigureAwait(false);
        var line = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (code != 0 || line == null)
            throw new BenchmarkFailedException($"pwsh {variant} (ThrottleLimit {throttleLimit}) exited {code} without a result: {Tail(stderr)} {Tail(stdout)}");
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        var r = json.RootElement;
        return new PwshResult(r.GetProperty("ms").GetDouble(), r.GetProperty("output").GetInt32(), r.GetProperty("errors").GetInt32(),
            r.GetProperty("firstError").GetString() ?? "");
    }

    private static readonly HashSet<Process> Live = NewLiveSet();

    /// <summary>Processes still running; killed (with their children) if the benchmark itself is stopped or exits.</summary>
    private static HashSet<Process> NewLiveSet()
    {
        var live = new HashSet<Process>();
        void KillAll()
        {
            lock (live)
            {
                foreach (var p in live)
                {
                    try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
                    catch (InvalidOperationException) { }
                }
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
        return live;
    }

    private static string Tail(string text) => text.Length <= 600 ? text.Trim() : "..." + text[^600..].Trim();

    private static async Task<(int Code, string StdOut, string StdErr)> RunProcessAsync(string[] args, TimeSpan timeout)
    {
        // The dotnet that runs this benchmark (the CLI sets DOTNET_HOST_PATH for what it starts), else the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = ModuleHost.RepoRoot, // the local tool manifest (dotnet-tools.json) is found from here
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi) ?? throw new BenchmarkFailedException("could not start dotnet");
        lock (Live) Live.Add(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new BenchmarkFailedException($"pwsh did not finish within {timeout.TotalSeconds:0} s and was stopped");
        }
        finally
        {
            lock (Live) Live.Remove(process);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
