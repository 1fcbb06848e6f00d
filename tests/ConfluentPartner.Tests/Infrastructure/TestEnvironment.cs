using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>The credential and endpoint variables the module reads, cleared (and optionally set) for one test, then restored.</summary>
public static class TestEnvironment
{
    public static readonly string[] Names =
        ["CONFLUENT_CLOUD_API_KEY", "CONFLUENT_CLOUD_API_SECRET", "CONFLUENT_CLOUD_ACCESS_TOKEN",
         "CONFLUENT_PARTNER_CLIENT_ID", "CONFLUENT_PARTNER_CLIENT_SECRET", "CONFLUENT_CLOUD_BASE_URI"];

    /// <summary>Only for tests in the [Collection("Environment variables")]: the variables are process-wide.</summary>
    public static IDisposable Clean(params (string Name, string Value)[] set)
    {
        var saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        foreach (var n in Names) Environment.SetEnvironmentVariable(n, null);
        foreach (var (n, v) in set) Environment.SetEnvironmentVariable(n, v);
        return new Restore(() => { foreach (var pair in saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value); });
    }

    private sealed class Restore(Action undo) : IDisposable { public void Dispose() => undo(); }
}

/// <summary>A runspace kept open across several invocations, like one interactive session or one runbook job.</summary>
public sealed class PsSession : IDisposable
{
    private readonly Runspace _runspace;

    public PsSession()
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
        Shell = PowerShell.Create();
        Shell.Runspace = _runspace;
    }

    public PowerShell Shell { get; }

    public PsRun Run(string script, IDictionary<string, object?>? variables = null) => ModuleHost.Invoke(Shell, script, variables);

    public void Dispose()
    {
        Shell.Dispose();
        _runspace.Dispose();
    }
}
