using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;

namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>Everything one pipeline wrote, stream by stream, plus the terminating error if there was one.</summary>
public sealed class PsRun
{
    public required List<PSObject> Output { get; init; }
    public required List<ErrorRecord> Errors { get; init; }
    public required List<WarningRecord> Warnings { get; init; }
    public required List<VerboseRecord> Verbose { get; init; }
    public required List<DebugRecord> Debug { get; init; }
    public required List<InformationRecord> Information { get; init; }
    public required List<ProgressRecord> Progress { get; init; }
    public RuntimeException? Terminating { get; init; }

    /// <summary>Every text any stream carried, for "no secret anywhere" checks.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        parts.AddRange(Output.Select(o => PsText(o)));
        foreach (var e in Errors.Concat(Terminating is null ? [] : [Terminating.ErrorRecord]))
        {
            parts.Add(e.ToString());
            parts.Add(e.Exception?.ToString() ?? "");
            parts.Add(e.ErrorDetails?.Message ?? "");
            parts.Add(e.ErrorDetails?.RecommendedAction ?? "");
            parts.Add(e.FullyQualifiedErrorId);
            parts.Add(e.TargetObject?.ToString() ?? "");
        }
        parts.AddRange(Warnings.Select(w => w.Message));
        parts.AddRange(Verbose.Select(v => v.Message));
        parts.AddRange(Debug.Select(d => d.Message));
        parts.AddRange(Information.Select(i => i.MessageData?.ToString() ?? ""));
        parts.AddRange(Progress.Select(p => p.StatusDescription + p.Activity));
        return string.Join("\n", parts);
    }

    private static string PsText(PSObject o) =>
        string.Join(";", o.Properties.Select(p => { try { return $"{p.Name}={p.Value}"; } catch { return p.Name; } }));
}

/// <summary>
/// Hosts the real PowerShell engine in-process and imports the built module from out/ConfluentPartner,
/// so tests drive the cmdlets exactly as a user's pwsh would.
/// </summary>
public static class ModuleHost
{
    public static string RepoRoot { get; } = FindRepoRoot();
    public static string ModuleManifest => Path.Combine(RepoRoot, "out", "ConfluentPartner", "ConfluentPartner.psd1");

    public static PsRun Run(string script, IDictionary<string, object?>? variables = null, bool importModule = true, CapturingHost? host = null)
    {
        using var runspace = host == null
            ? RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2())
            : RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        return Invoke(ps, script, variables, importModule);
    }

    public static PsRun Invoke(PowerShell ps, string script, IDictionary<string, object?>? variables = null, bool importModule = true)
    {
        ps.Commands.Clear();
        ps.Streams.ClearStreams();
        foreach (var pair in variables ?? new Dictionary<string, object?>())
            ps.Runspace.SessionStateProxy.SetVariable(pair.Key, pair.Value);
        var prefix = importModule ? $"Import-Module '{ModuleManifest}' -ErrorAction Stop\n" : "";
        // try/catch sees only terminating errors (a cmdlet's ThrowTerminatingError); rethrowing makes Invoke throw,
        // so tests can tell "the pipeline stopped" from "a row failed".
        ps.AddScript(prefix + "try {\n" + script + "\n} catch { throw }");
        var output = new List<PSObject>();
        RuntimeException? terminating = null;
        try
        {
            output.AddRange(ps.Invoke());
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }
        return new PsRun
        {
            Output = output,
            Errors = ps.Streams.Error.ToList(),
            Warnings = ps.Streams.Warning.ToList(),
            Verbose = ps.Streams.Verbose.ToList(),
            Debug = ps.Streams.Debug.ToList(),
            Information = ps.Streams.Information.ToList(),
            Progress = ps.Streams.Progress.ToList(),
            Terminating = terminating,
        };
    }

    public static SecureString Secure(string value)
    {
        var s = new SecureString();
        foreach (var c in value) s.AppendChar(c);
        s.MakeReadOnly();
        return s;
    }

    public static PSCredential Credential(string user, string secret) => new(user, Secure(secret));

    /// <summary>A row exactly as Import-Csv emits it: a PSCustomObject whose properties are all strings.</summary>
    public static PSObject CsvRow(params (string Header, string Value)[] cells)
    {
        var row = new PSObject();
        foreach (var (header, value) in cells) row.Properties.Add(new PSNoteProperty(header, value));
        return row;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ConfluentPartner.sln"))) return dir.FullName;
        throw new InvalidOperationException("ConfluentPartner.sln not found above " + AppContext.BaseDirectory);
    }
}
