using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>
/// A runspace with the built module imported once, as a user's session is: scenarios time their pipeline,
/// not the import. Scripts run through the tests' <see cref="ModuleHost"/>, so they see every stream.
/// </summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;
    private readonly PowerShell _ps;

    private ModuleSession(bool import)
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        _ps = PowerShell.Create();
        _ps.Runspace = _runspace;
        if (import) Check(ModuleHost.Invoke(_ps, "$null = 1"), "import");
    }

    /// <summary>A fresh runspace with the module imported.</summary>
    public static ModuleSession Open() => new(import: true);

    /// <summary>A fresh runspace without the module (B4 times the import itself).</summary>
    public static ModuleSession OpenEmpty() => new(import: false);

    /// <summary>Runs a script; fails the benchmark if the pipeline stopped or any row failed.</summary>
    public PsRun Run(string script, IDictionary<string, object?>? variables = null) =>
        Check(ModuleHost.Invoke(_ps, script, variables, importModule: false), script);

    /// <summary>Runs a script and returns how long it took; checked as <see cref="Run"/> unless <paramref name="check"/> is false.</summary>
    public (TimeSpan Elapsed, PsRun Run) Time(string script, IDictionary<string, object?>? variables = null, bool check = true)
    {
        foreach (var pair in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        var clock = Stopwatch.StartNew();
        var run = ModuleHost.Invoke(_ps, script, null, importModule: false);
        clock.Stop();
        return (clock.Elapsed, check ? Check(run, script) : run);
    }

    /// <summary>Times Import-Module of the built module in this runspace.</summary>
    public TimeSpan TimeImport()
    {
        var clock = Stopwatch.StartNew();
        var run = ModuleHost.Invoke(_ps, "$null = 1", importModule: true);
        clock.Stop();
        Check(run, "Import-Module");
        return clock.Elapsed;
    }

    private static PsRun Check(PsRun run, string what)
    {
        if (run.Terminating != null) throw new BenchmarkFailedException($"'{what}' stopped: {run.Terminating.Message}");
        if (run.Errors.Count > 0) throw new BenchmarkFailedException($"'{what}' wrote {run.Errors.Count} error(s), the first: {run.Errors[0]}");
        return run;
    }

    public void Dispose()
    {
        _ps.Dispose();
        _runspace.Dispose();
    }
}

/// <summary>A scenario could not be measured because the module did not do the job (a row failed, the pipeline stopped).</summary>
public sealed class BenchmarkFailedException(string message) : Exception(message);
