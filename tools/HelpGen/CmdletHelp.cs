namespace HelpGen;

/// <summary>A parameter as the help shows it: the code's metadata plus the documented prose.</summary>
internal sealed record HelpParameter(CmdletParameter Metadata, IReadOnlyList<string> Description, string? DefaultValue)
{
    public string Name => Metadata.Name;
    public string TypeFullName => Metadata.TypeFullName;
    public string TypeShortName => Metadata.TypeShortName;
    public bool IsSwitch => Metadata.IsSwitch;
    public IReadOnlyList<string> Aliases => Metadata.Aliases;
    public ParameterSetBinding BindingIn(string set) => Metadata.BindingIn(set);

    /// <summary>One line for the PARAMETERS section: required only if required in every set it belongs to.</summary>
    public ParameterSetBinding Summary => new(
        CmdletMetadata.AllSets,
        Metadata.Sets.All(s => s.Mandatory),
        Metadata.Sets.Select(s => s.Position).Distinct().Count() == 1 ? Metadata.Sets[0].Position : null,
        Metadata.Sets.Any(s => s.ByValue),
        Metadata.Sets.Any(s => s.ByPropertyName));
}

/// <summary>One cmdlet's complete help: metadata from the assembly, prose from its markdown and the shared parameters.</summary>
internal sealed class CmdletHelp
{
    // -WhatIf and -Confirm are PowerShell's, but Get-Help shows them only if the MAML lists them.
    private static readonly CmdletParameter[] ShouldProcessParameters =
    [
        new("WhatIf", "System.Management.Automation.SwitchParameter", "SwitchParameter", true, ["wi"], false,
            [new ParameterSetBinding(CmdletMetadata.AllSets, false, null, false, false)]),
        new("Confirm", "System.Management.Automation.SwitchParameter", "SwitchParameter", true, ["cf"], false,
            [new ParameterSetBinding(CmdletMetadata.AllSets, false, null, false, false)]),
    ];

    public CmdletHelp(CmdletMetadata cmdlet, HelpDocument? doc, IReadOnlyList<HelpDocument> shared, Diagnostics diagnostics)
    {
        var where = doc?.Path ?? cmdlet.Name;
        if (doc == null) diagnostics.Warn(where, 0, $"{cmdlet.Name} has no help file (docs/help/{cmdlet.Name}.md).");
        else if (!string.Equals(doc.Title, cmdlet.Name, StringComparison.OrdinalIgnoreCase))
            diagnostics.Warn(where, 1, $"The title should be '# {cmdlet.Name}'.");

        Synopsis = doc?.Synopsis ?? [];
        Description = doc?.Description ?? [];
        Examples = doc?.Examples ?? [];
        Notes = doc?.Notes ?? [];
        // Get-Help -Online opens the first related link whose URI is set; platyPS names it "Online Version:".
        Links = doc?.OnlineVersion is { } online ? [new RelatedLink("Online Version:", online), .. doc.Links] : doc?.Links ?? [];
        Inputs = doc?.Inputs.Count > 0 ? doc.Inputs : [new TypeHelp("None", [])];
        Outputs = doc?.Outputs.Count > 0 ? doc.Outputs : cmdlet.OutputTypes.Select(t => new TypeHelp(t, [])).ToList();
        if (doc != null)
        {
            if (Synopsis.Count == 0) diagnostics.Warn(where, 0, "## SYNOPSIS is missing or empty.");
            if (Description.Count == 0) diagnostics.Warn(where, 0, "## DESCRIPTION is missing or empty.");
            if (Examples.Count < 2) diagnostics.Warn(where, 0, $"{cmdlet.Name} has {Examples.Count} example(s); give at least two.");
            foreach (var output in cmdlet.OutputTypes.Where(t => Outputs.All(o => o.TypeName != t)))
                diagnostics.Warn(where, 0, $"[OutputType({output})] is not listed under ## OUTPUTS.");
        }

        var all = cmdlet.Parameters.Where(p => !p.DontShow)
            .Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : []);
        foreach (var p in all)
        {
            var text = doc?.Parameters.GetValueOrDefault(p.Name) ?? shared.Select(s => s.Parameters.GetValueOrDefault(p.Name)).FirstOrDefault(t => t != null);
            if (text == null || text.Description.Count == 0)
                diagnostics.Warn(where, 0, $"Parameter -{p.Name} of {cmdlet.Name} is not documented (here or in a shared parameters file).");
            Visible.Add(new HelpParameter(p, text?.Description ?? [], text?.DefaultValue));
        }
        foreach (var documented in doc?.Parameters.Values.Where(d => Visible.All(v => !v.Name.Equals(NameOf(d, doc), StringComparison.OrdinalIgnoreCase))) ?? [])
            diagnostics.Warn(where, documented.Line, $"-{NameOf(documented, doc!)} is documented but {cmdlet.Name} has no such parameter.");
    }

    public IReadOnlyList<string> Synopsis { get; }
    public IReadOnlyList<string> Description { get; }
    public IReadOnlyList<HelpExample> Examples { get; }
    public IReadOnlyList<string> Notes { get; }
    public IReadOnlyList<RelatedLink> Links { get; }
    public IReadOnlyList<TypeHelp> Inputs { get; }
    public IReadOnlyList<TypeHelp> Outputs { get; }
    public List<HelpParameter> Visible { get; } = [];

    /// <summary>As Get-Command prints syntax: positional parameters by position, then mandatory ones, then the rest.</summary>
    public IEnumerable<HelpParameter> SyntaxOrder(string set) =>
        Visible.Where(p => p.Metadata.InSet(set))
            .Select((p, index) => (p, index, b: p.BindingIn(set)))
            .OrderBy(x => x.b.Position.HasValue ? 0 : x.b.Mandatory ? 1 : 2)
            .ThenBy(x => x.b.Position ?? 0)
            .ThenBy(x => x.index)
            .Select(x => x.p);

    private static string NameOf(ParameterHelp help, HelpDocument doc) => doc.Parameters.First(pair => ReferenceEquals(pair.Value, help)).Key;
}
