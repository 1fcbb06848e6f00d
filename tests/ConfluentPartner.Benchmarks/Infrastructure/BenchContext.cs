using System.Management.Automation;
using ConfluentPartner.Tests.Infrastructure;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>What every scenario gets: its sizes, the report to add lines to, and a session with the module imported.</summary>
public sealed class BenchContext(BenchSettings settings, BenchReport report, TextWriter log) : IDisposable
{
    private ModuleSession? _session;

    public BenchSettings Settings { get; } = settings;
    public BenchReport Report { get; } = report;
    public TextWriter Log { get; } = log;

    /// <summary>One session for B1–B3 and B5, like a user's pwsh window that runs job after job.</summary>
    public ModuleSession Session => _session ??= ModuleSession.Open();

    public void Progress(string message) => Log.WriteLine("  " + message);

    /// <summary>Rows shaped like Import-Csv output (every property a string), built before any clock starts.</summary>
    public static PSObject[] CsvRows(int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => ModuleHost.CsvRow(("email", $"{prefix}{i:D6}@example.com"))).ToArray();

    public static string[] Emails(int count, string prefix) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}{i:D6}@example.com").ToArray();

    public void Dispose() => _session?.Dispose();
}
