using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConfluentPartner.Benchmarks.Infrastructure;

/// <summary>Repeated samples of one quantity: the median is reported, min and max show the spread.</summary>
public sealed class Samples
{
    private readonly List<double> _values = [];
    public void Add(double value) => _values.Add(value);
    public IReadOnlyList<double> Values => _values;
    public int Count => _values.Count;
    public double Median => Percentile(0.5);
    public double Min => _values.Count == 0 ? double.NaN : _values.Min();
    public double Max => _values.Count == 0 ? double.NaN : _values.Max();

    private double Percentile(double p)
    {
        if (_values.Count == 0) return double.NaN;
        var sorted = _values.OrderBy(v => v).ToArray();
        var rank = p * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}

/// <summary>One line of the report: a measured quantity, what it is compared with, and the target it must meet.</summary>
public sealed class ResultLine
{
    public required string Scenario { get; init; }
    public required string Variant { get; init; }
    public required string Unit { get; init; }
    /// <summary>Format of the figures, e.g. "0.0".</summary>
    [JsonIgnore] public string Format { get; init; } = "0.0";
    public required IReadOnlyList<double> Samples { get; init; }
    public double Median => Stats().Median;
    public double Min => Stats().Min;
    public double Max => Stats().Max;
    /// <summary>Ratios and other context, e.g. "7.1x sequential, 0.93 of ideal 160/s".</summary>
    public string Comparison { get; init; } = "";
    public string Target { get; init; } = "";
    /// <summary>Null when the line has no target of its own.</summary>
    public bool? Met { get; init; }
    /// <summary>Named figures for machine use (ratios, counts).</summary>
    public Dictionary<string, double> Figures { get; init; } = [];

    private Samples Stats()
    {
        var s = new Samples();
        foreach (var v in Samples) s.Add(v);
        return s;
    }

    [JsonIgnore]
    public string MedianText => Fmt(Median) + " " + Unit;

    [JsonIgnore]
    public string SpreadText => Samples.Count < 2 ? "(1 run)" : $"{Fmt(Min)}–{Fmt(Max)}";

    [JsonIgnore]
    public string MetText => Met switch { true => "yes", false => "NO", null => "" };

    private string Fmt(double v) => double.IsNaN(v) ? "n/a" : v.ToString(Format, CultureInfo.InvariantCulture);
}

/// <summary>The machine and its load while the run happened: the figures mean little without them.</summary>
public sealed class MachineInfo
{
    public string When { get; init; } = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    public int LogicalCores { get; init; } = Environment.ProcessorCount;
    public string Cpu { get; init; } = ReadCpuModel();
    public double MemoryGiB { get; init; } = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1);
    public string Os { get; init; } = System.Runtime.InteropServices.RuntimeInformation.OSDescription;
    public string Runtime { get; init; } = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
    public string PowerShell { get; init; } = (typeof(System.Management.Automation.PowerShell).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false).FirstOrDefault() as System.Reflection.AssemblyInformationalVersionAttribute)
        ?.InformationalVersion.Split('+', ' ')[0] ?? "?";
    public string Gc { get; init; } = (System.Runtime.GCSettings.IsServerGC ? "server" : "workstation") + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? "" : ", concurrent");
    public List<string> Load { get; } = [];

    public void NoteLoad(string when) => Load.Add($"{when}: {LoadAverage()}");

    /// <summary>/proc/loadavg: 1, 5 and 15-minute averages of runnable tasks (on this 2-core machine 2.0 means busy).</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load {parts[0]} / {parts[1]} / {parts[2]} (1/5/15 min)";
        }
        catch (IOException) { return "load n/a"; }
        catch (UnauthorizedAccessException) { return "load n/a"; }
    }

    private static string ReadCpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException) { return "unknown"; }
    }
}

/// <summary>Everything a run produced: printed as a table, written as markdown and JSON.</summary>
public sealed class BenchReport
{
    public required string Mode { get; init; }
    public required int Repetitions { get; init; }
    public required MachineInfo Machine { get; init; }
    public List<ResultLine> Lines { get; } = [];
    /// <summary>How each scenario was measured and what limits it, one paragraph per scenario.</summary>
    public Dictionary<string, string> Notes { get; } = [];
    public List<string> Problems { get; } = [];

    public void Add(ResultLine line) => Lines.Add(line);

    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# ConfluentPartner benchmarks ({Mode} run)");
        sb.AppendLine();
        sb.AppendLine(MachineText());
        sb.AppendLine();
        sb.AppendLine(Table());
        foreach (var (scenario, note) in Notes.OrderBy(n => n.Key.StartsWith('P') ? 0 : 1).ThenBy(n => n.Key, StringComparer.Ordinal))
        {
            sb.AppendLine();
            sb.AppendLine($"**{scenario}.** {note}");
        }
        if (Problems.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("**Problems.**");
            foreach (var p in Problems) sb.AppendLine("- " + p);
        }
        return sb.ToString();
    }

    public string MachineText()
    {
        var m = Machine;
        return $"{m.When}; {m.LogicalCores} logical cores ({m.Cpu}), {m.MemoryGiB:0.#} GiB; {m.Os}; {m.Runtime}; " +
               $"System.Management.Automation {m.PowerShell}; {m.Gc} GC; {Repetitions} repetition(s) per figure (median, min–max). " +
               "Module and simulator share the process and talk over loopback. " + string.Join("; ", m.Load) + ".";
    }

    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Scenario | Variant | Median | Spread | Compared with | Target | Met |");
        sb.AppendLine("| --- | --- | ---: | ---: | --- | --- | --- |");
        foreach (var l in Lines)
            sb.AppendLine($"| {l.Scenario} | {l.Variant} | {l.MedianText} | {l.SpreadText} | {l.Comparison} | {l.Target} | {l.MetText} |");
        return sb.ToString().TrimEnd();
    }

    /// <summary>The table for a terminal: fixed-width columns.</summary>
    public string ConsoleTable()
    {
        string[] head = ["Scenario", "Variant", "Median", "Spread", "Compared with", "Target", "Met"];
        var rows = Lines.Select(l => new[] { l.Scenario, l.Variant, l.MedianText, l.SpreadText, l.Comparison, l.Target, l.MetText }).ToList();
        var widths = head.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var sb = new StringBuilder();
        void Row(string[] cells) => sb.AppendLine(string.Join("  ", cells.Select((c, i) => i is 2 or 3 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
        Row(head);
        Row(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in rows) Row(r);
        return sb.ToString().TrimEnd();
    }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });
}
