using HelpGen;

// Usage: HelpGen --assembly <module.dll> --references <file listing reference paths> --docs <docs/help> --out <dir>
// Writes <dir>/<module.dll>-Help.xml. Problems in the help are reported as MSBuild warnings, never as a failed build:
// the xunit help tests are the gate.
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
foreach (var required in new[] { "assembly", "references", "docs", "out" })
{
    if (!options.ContainsKey(required))
    {
        Console.Error.WriteLine("usage: HelpGen --assembly <module.dll> --references <file> --docs <dir> --out <dir>");
        return 2;
    }
}

var diagnostics = new Diagnostics();
var assembly = Path.GetFullPath(options["assembly"]);
var references = File.ReadAllLines(options["references"]).Select(l => l.Trim()).Where(l => l.Length > 0);
var cmdlets = CmdletReader.Read(assembly, references);

var docs = Directory.GetFiles(options["docs"], "*.md").OrderBy(p => p, StringComparer.Ordinal).ToList();
// Files whose name starts with "_" hold text shared by many cmdlets (the common parameters of the base classes).
var shared = docs.Where(HelpMarkdown.IsShared).Select(p => HelpMarkdown.Parse(p, diagnostics)).ToList();
// Verb-Noun.md is a cmdlet's help; anything else (README.md) is for people reading the folder.
var byCmdlet = docs.Where(p => !HelpMarkdown.IsShared(p) && System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileNameWithoutExtension(p), "^[A-Za-z]+-[A-Za-z0-9]+$"))
    .ToDictionary(p => Path.GetFileNameWithoutExtension(p), p => p, StringComparer.OrdinalIgnoreCase);

var commands = cmdlets.Select(c => (c, new CmdletHelp(c, byCmdlet.TryGetValue(c.Name, out var path) ? HelpMarkdown.Parse(path, diagnostics) : null, shared, diagnostics))).ToList();
foreach (var orphan in byCmdlet.Keys.Where(name => cmdlets.All(c => !c.Name.Equals(name, StringComparison.OrdinalIgnoreCase))))
    Console.WriteLine($"HelpGen: {orphan}.md describes a cmdlet this build does not contain; skipped.");

var output = Path.Combine(options["out"], Path.GetFileName(assembly) + "-Help.xml");
MamlWriter.Write(output, commands);
Console.WriteLine($"HelpGen: {commands.Count} cmdlet(s) -> {output} ({diagnostics.Count} warning(s))");
return 0;

namespace HelpGen
{
    /// <summary>Warnings in the canonical "file(line): warning CODE: text" form, so MSBuild lists them.</summary>
    internal sealed class Diagnostics
    {
        public int Count { get; private set; }

        public void Warn(string file, int line, string message)
        {
            Count++;
            Console.WriteLine($"{file}({Math.Max(1, line)}): warning HELPGEN1: {message}");
        }
    }
}
