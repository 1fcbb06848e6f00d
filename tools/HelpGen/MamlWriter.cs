using System.Text;
using System.Xml;

namespace HelpGen;

/// <summary>Writes the MAML that Get-Help reads for binary cmdlets (the same shape platyPS produces).</summary>
internal static class MamlWriter
{
    private const string Msh = "http://msh";
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(string path, IEnumerable<(CmdletMetadata Cmdlet, CmdletHelp Help)> commands)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("helpItems", Msh);
            w.WriteAttributeString("schema", "maml");
            foreach (var (cmdlet, help) in commands) WriteCommand(w, cmdlet, help);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllBytes(path, stream.ToArray());
    }

    private static void WriteCommand(XmlWriter w, CmdletMetadata cmdlet, CmdletHelp help)
    {
        w.WriteStartElement("command", "command", Command);
        w.WriteAttributeString("xmlns", "maml", null, Maml);
        w.WriteAttributeString("xmlns", "dev", null, Dev);

        w.WriteStartElement("details", Command);
        w.WriteElementString("name", Command, cmdlet.Name);
        w.WriteElementString("verb", Command, cmdlet.Verb);
        w.WriteElementString("noun", Command, cmdlet.Noun);
        Description(w, help.Synopsis);
        w.WriteEndElement();

        Description(w, help.Description);

        w.WriteStartElement("syntax", Command);
        foreach (var set in cmdlet.SetNames)
        {
            w.WriteStartElement("syntaxItem", Command);
            w.WriteElementString("name", Maml, cmdlet.Name);
            foreach (var p in help.SyntaxOrder(set)) Parameter(w, p, help, set, withDescription: false);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("parameters", Command);
        foreach (var p in help.Visible) Parameter(w, p, help, null, withDescription: true);
        w.WriteEndElement();

        TypeList(w, "inputTypes", "inputType", help.Inputs);
        TypeList(w, "returnValues", "returnValue", help.Outputs);

        if (help.Notes.Count > 0)
        {
            w.WriteStartElement("alertSet", Maml);
            w.WriteStartElement("alert", Maml);
            foreach (var para in help.Notes) w.WriteElementString("para", Maml, para);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteStartElement("examples", Command);
        foreach (var example in help.Examples)
        {
            w.WriteStartElement("example", Command);
            w.WriteElementString("title", Maml, $"--------- {example.Title} ---------");
            w.WriteElementString("code", Dev, example.Code);
            w.WriteStartElement("remarks", Dev);
            foreach (var para in example.Remarks) w.WriteElementString("para", Maml, para);
            w.WriteElementString("para", Maml, ""); // a blank line before the next example's title
            w.WriteEndElement();
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteStartElement("relatedLinks", Command);
        foreach (var link in help.Links)
        {
            w.WriteStartElement("navigationLink", Maml);
            w.WriteElementString("linkText", Maml, link.Text);
            w.WriteElementString("uri", Maml, link.Uri);
            w.WriteEndElement();
        }
        w.WriteEndElement();

        w.WriteEndElement();
    }

    private static void Parameter(XmlWriter w, HelpParameter p, CmdletHelp help, string? set, bool withDescription)
    {
        var binding = set == null ? p.Summary : p.BindingIn(set);
        w.WriteStartElement("parameter", Command);
        w.WriteAttributeString("required", binding.Mandatory ? "true" : "false");
        w.WriteAttributeString("variableLength", "true");
        w.WriteAttributeString("globbing", "false");
        w.WriteAttributeString("pipelineInput", PipelineInput(binding));
        w.WriteAttributeString("position", binding.Position?.ToString() ?? "named");
        w.WriteAttributeString("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases));
        w.WriteElementString("name", Maml, p.Name);
        Description(w, withDescription ? p.Description : []);
        if (!p.IsSwitch || withDescription)
        {
            w.WriteStartElement("parameterValue", Command);
            w.WriteAttributeString("required", p.IsSwitch ? "false" : "true");
            w.WriteAttributeString("variableLength", "false");
            w.WriteString(p.TypeShortName);
            w.WriteEndElement();
        }
        w.WriteStartElement("type", Dev);
        w.WriteElementString("name", Maml, p.TypeFullName);
        w.WriteElementString("uri", Maml, "");
        w.WriteEndElement();
        w.WriteElementString("defaultValue", Dev, p.DefaultValue ?? (p.IsSwitch ? "False" : "None"));
        w.WriteEndElement();
    }

    private static string PipelineInput(ParameterSetBinding b) =>
        (b.ByValue, b.ByPropertyName) switch
        {
            (true, true) => "True (ByPropertyName, ByValue)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };

    private static void TypeList(XmlWriter w, string listName, string itemName, IReadOnlyList<TypeHelp> types)
    {
        w.WriteStartElement(listName, Command);
        foreach (var type in types)
        {
            w.WriteStartElement(itemName, Command);
            w.WriteStartElement("type", Dev);
            w.WriteElementString("name", Maml, type.TypeName);
            w.WriteEndElement();
            Description(w, type.Description);
            w.WriteEndElement();
        }
        w.WriteEndElement();
    }

    private static void Description(XmlWriter w, IReadOnlyList<string> paragraphs)
    {
        w.WriteStartElement("description", Maml);
        foreach (var para in paragraphs) w.WriteElementString("para", Maml, para);
        w.WriteEndElement();
    }
}
