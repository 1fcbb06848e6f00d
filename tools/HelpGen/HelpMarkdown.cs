using System.Text;
using System.Text.RegularExpressions;

namespace HelpGen;

internal sealed record HelpExample(string Title, string Code, IReadOnlyList<string> Remarks, int Line);
internal sealed record ParameterHelp(IReadOnlyList<string> Description, string? DefaultValue, string Source, int Line);
internal sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
internal sealed record RelatedLink(string Text, string Uri);

/// <summary>The prose of one help file: docs/help/Verb-Noun.md, or a shared file holding only PARAMETERS.</summary>
internal sealed class HelpDocument
{
    public required string Path { get; init; }
    public string? Title { get; set; }
    public string? OnlineVersion { get; set; }
    public List<string> Synopsis { get; } = [];
    public List<string> Description { get; } = [];
    public List<HelpExample> Examples { get; } = [];
    public Dictionary<string, ParameterHelp> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<TypeHelp> Inputs { get; } = [];
    public List<TypeHelp> Outputs { get; } = [];
    public List<string> Notes { get; } = [];
    public List<RelatedLink> Links { get; } = [];
}

/// <summary>
/// Reads the platyPS markdown layout: "# Name", "## SYNOPSIS|DESCRIPTION|EXAMPLES|PARAMETERS|INPUTS|OUTPUTS|NOTES|RELATED LINKS",
/// "### Example N: title" (first fenced block = code, the rest = remarks), "### -Parameter" (prose, optional ```yaml block
/// with "Default value:"), "### Type.Name" under INPUTS/OUTPUTS. A "## SYNTAX" section is ignored: syntax comes from the code.
/// </summary>
internal static class HelpMarkdown
{
    private static readonly Regex Link = new(@"^\s*\[(?<text>[^\]]+)\]\((?<uri>.*)\)\s*$");

    public static HelpDocument Parse(string path, Diagnostics diagnostics)
    {
        var doc = new HelpDocument { Path = path };
        var lines = File.ReadAllLines(path);
        foreach (var section in Split(lines, diagnostics, path, doc))
        {
            switch (section.Name)
            {
                case "SYNOPSIS": doc.Synopsis.AddRange(Paragraphs(section.Body)); break;
                case "DESCRIPTION": doc.Description.AddRange(Paragraphs(section.Body)); break;
                case "SYNTAX": break;
                case "EXAMPLES":
                    foreach (var sub in section.Subsections) doc.Examples.Add(Example(sub, diagnostics, path));
                    break;
                case "PARAMETERS":
                    foreach (var sub in section.Subsections)
                    {
                        if (sub.Heading.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) continue;
                        if (!sub.Heading.StartsWith('-'))
                        {
                            diagnostics.Warn(path, sub.Line, $"Parameter heading '### {sub.Heading}' should be '### -Name'.");
                            continue;
                        }
                        var (prose, settings) = SplitYaml(sub.Body);
                        doc.Parameters[sub.Heading.TrimStart('-').Trim()] = new ParameterHelp(
                            Paragraphs(prose), settings.GetValueOrDefault("Default value"), path, sub.Line);
                    }
                    break;
                case "INPUTS": doc.Inputs.AddRange(section.Subsections.Select(s => new TypeHelp(s.Heading, Paragraphs(s.Body)))); break;
                case "OUTPUTS": doc.Outputs.AddRange(section.Subsections.Select(s => new TypeHelp(s.Heading, Paragraphs(s.Body)))); break;
                case "NOTES": doc.Notes.AddRange(Paragraphs(section.Body)); break;
                case "RELATED LINKS":
                    foreach (var line in section.Body.Where(l => l.Trim().Length > 0))
                    {
                        var m = Link.Match(line);
                        if (m.Success) doc.Links.Add(new RelatedLink(m.Groups["text"].Value.Trim(), m.Groups["uri"].Value.Trim()));
                        else diagnostics.Warn(path, 0, $"Related link '{line.Trim()}' is not of the form [text](uri).");
                    }
                    break;
                default:
                    diagnostics.Warn(path, section.Line, $"Unknown section '## {section.Name}' is ignored.");
                    break;
            }
        }
        return doc;
    }

    private sealed record Subsection(string Heading, List<string> Body, int Line);
    private sealed record Section(string Name, List<string> Body, List<Subsection> Subsections, int Line);

    private static List<Section> Split(string[] lines, Diagnostics diagnostics, string path, HelpDocument doc)
    {
        var sections = new List<Section>();
        Section? section = null;
        Subsection? sub = null;
        var inFence = false;
        var start = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            // Front matter (platyPS metadata): only "online version" matters, the target of Get-Help -Online.
            start = Array.FindIndex(lines, 1, l => l.Trim() == "---") + 1;
            if (start == 0) start = lines.Length;
            foreach (var line in lines.Skip(1).Take(Math.Max(0, start - 2)))
            {
                var colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim().Equals("online version", StringComparison.OrdinalIgnoreCase) && line[(colon + 1)..].Trim().Length > 0)
                    doc.OnlineVersion = line[(colon + 1)..].Trim();
            }
        }
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            else if (!inFence && line.StartsWith("# ", StringComparison.Ordinal))
            {
                doc.Title = line[2..].Trim();
                continue;
            }
            else if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = new Section(line[3..].Trim().ToUpperInvariant(), [], [], i + 1);
                sections.Add(section);
                sub = null;
                continue;
            }
            else if (!inFence && line.StartsWith("### ", StringComparison.Ordinal) && section != null)
            {
                sub = new Subsection(line[4..].Trim(), [], i + 1);
                section.Subsections.Add(sub);
                continue;
            }
            if (section == null)
            {
                // A shared file may say what it is for above its sections; a cmdlet's file has nothing there.
                if (line.Trim().Length > 0 && !IsShared(path)) diagnostics.Warn(path, i + 1, "Text before the first '## ' section is ignored.");
                continue;
            }
            (sub?.Body ?? section.Body).Add(line);
        }
        if (inFence) diagnostics.Warn(path, lines.Length, "A ``` code fence is not closed.");
        return sections;
    }

    /// <summary>Files named _*.md hold text shared by many cmdlets rather than one cmdlet's help.</summary>
    public static bool IsShared(string path) => System.IO.Path.GetFileName(path).StartsWith('_');

    private static HelpExample Example(Subsection sub, Diagnostics diagnostics, string path)
    {
        var fenceStart = sub.Body.FindIndex(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        var fenceEnd = fenceStart < 0 ? -1 : sub.Body.FindIndex(fenceStart + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        if (fenceStart < 0 || fenceEnd < 0)
        {
            diagnostics.Warn(path, sub.Line, $"Example '{sub.Heading}' has no ```powershell code block.");
            return new HelpExample(sub.Heading, "", Paragraphs(sub.Body), sub.Line);
        }
        if (sub.Body.Take(fenceStart).Any(l => l.Trim().Length > 0))
            diagnostics.Warn(path, sub.Line, $"Example '{sub.Heading}': put the explanation after the code block, where Get-Help shows it.");
        var code = string.Join("\n", sub.Body.Skip(fenceStart + 1).Take(fenceEnd - fenceStart - 1)).TrimEnd();
        return new HelpExample(sub.Heading, code, Paragraphs(sub.Body.Skip(fenceEnd + 1).ToList()), sub.Line);
    }

    /// <summary>Splits off a ```yaml settings block (platyPS puts one under each parameter).</summary>
    private static (List<string> Prose, Dictionary<string, string> Settings) SplitYaml(List<string> body)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var start = body.FindIndex(l => l.Trim() == "```yaml");
        if (start < 0) return (body, settings);
        var end = body.FindIndex(start + 1, l => l.Trim() == "```");
        if (end < 0) end = body.Count;
        foreach (var line in body.Skip(start + 1).Take(end - start - 1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) settings[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (body.Take(start).Concat(body.Skip(end + 1)).ToList(), settings);
    }

    /// <summary>
    /// Markdown paragraphs as help paragraphs: wrapped lines are joined, list items and fenced blocks keep their
    /// line breaks (Get-Help prints each paragraph as given).
    /// </summary>
    public static List<string> Paragraphs(IReadOnlyList<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0) paragraphs.Add(current.ToString().TrimEnd());
            current.Clear();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                var block = new List<string>();
                for (i++; i < lines.Count && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++) block.Add(lines[i]);
                paragraphs.Add(string.Join("\n", block).TrimEnd());
                continue;
            }
            var text = line.Trim();
            if (text.Length == 0)
            {
                Flush();
                continue;
            }
            // A list item starts a new line; any other line continues the paragraph or the item above it.
            if (current.Length > 0) current.Append(IsListItem(text) ? '\n' : ' ');
            current.Append(text);
        }
        Flush();
        return paragraphs;
    }

    private static bool IsListItem(string text) =>
        text.StartsWith("- ", StringComparison.Ordinal) || text.StartsWith("* ", StringComparison.Ordinal) || Regex.IsMatch(text, @"^\d+\. ");
}
