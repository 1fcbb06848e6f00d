using System.Reflection;

namespace HelpGen;

/// <summary>One [Parameter] attribute of a parameter: how it binds in one parameter set.</summary>
internal sealed record ParameterSetBinding(string SetName, bool Mandatory, int? Position, bool ByValue, bool ByPropertyName);

internal sealed record CmdletParameter(
    string Name,
    string TypeFullName,
    string TypeShortName,
    bool IsSwitch,
    IReadOnlyList<string> Aliases,
    bool DontShow,
    IReadOnlyList<ParameterSetBinding> Sets)
{
    public bool InSet(string setName) => Sets.Any(s => s.SetName == setName || s.SetName == CmdletMetadata.AllSets);
    public ParameterSetBinding BindingIn(string setName) => Sets.FirstOrDefault(s => s.SetName == setName) ?? Sets.First(s => s.SetName == CmdletMetadata.AllSets);
}

internal sealed record CmdletMetadata(
    string Verb,
    string Noun,
    bool SupportsShouldProcess,
    string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypes,
    IReadOnlyList<CmdletParameter> Parameters)
{
    public const string AllSets = "__AllParameterSets";
    public string Name => $"{Verb}-{Noun}";

    /// <summary>The parameter sets as Get-Command lists them, the default set first.</summary>
    public IReadOnlyList<string> SetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(n => n != AllSets).Distinct().ToList();
            if (named.Count == 0) return [AllSets];
            return named.OrderBy(n => n == DefaultParameterSetName ? 0 : 1).ToList();
        }
    }
}

/// <summary>
/// Reads cmdlets from a compiled module without executing it (MetadataLoadContext), the way Get-Command would
/// describe them: names, parameter sets, positions, pipeline binding, aliases, types.
/// </summary>
internal static class CmdletReader
{
    private const string Sma = "System.Management.Automation.";

    public static List<CmdletMetadata> Read(string assemblyPath, IEnumerable<string> referencePaths)
    {
        var paths = referencePaths.Where(File.Exists).Append(assemblyPath)
            .GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase).Select(g => g.First());
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), "netstandard");
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var result = new List<CmdletMetadata>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == Sma + "CmdletAttribute");
            if (cmdlet == null) continue;
            result.Add(new CmdletMetadata(
                Verb: (string)cmdlet.ConstructorArguments[0].Value!,
                Noun: (string)cmdlet.ConstructorArguments[1].Value!,
                SupportsShouldProcess: Named(cmdlet, "SupportsShouldProcess", false),
                DefaultParameterSetName: Named<string?>(cmdlet, "DefaultParameterSetName", null),
                OutputTypes: OutputTypes(type),
                Parameters: ReadParameters(type)));
        }
        return result.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static List<CmdletParameter> ReadParameters(Type type)
    {
        var parameters = new List<CmdletParameter>();
        // Derived-class parameters first, then those of the shared bases, as Get-Command lists them.
        for (var t = type; t != null && t.FullName?.StartsWith(Sma, StringComparison.Ordinal) != true; t = t.BaseType)
        {
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var attributes = property.GetCustomAttributesData();
                var bindings = attributes.Where(a => a.AttributeType.FullName == Sma + "ParameterAttribute").ToList();
                if (bindings.Count == 0 || parameters.Any(p => p.Name == property.Name)) continue;
                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                var aliases = attributes.Where(a => a.AttributeType.FullName == Sma + "AliasAttribute")
                    .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                    .Select(v => (string)v.Value!).ToList();
                parameters.Add(new CmdletParameter(
                    Name: property.Name,
                    TypeFullName: propertyType.FullName ?? propertyType.Name,
                    TypeShortName: propertyType.Name,
                    IsSwitch: propertyType.FullName == Sma + "SwitchParameter",
                    Aliases: aliases,
                    DontShow: bindings.Any(b => Named(b, "DontShow", false)),
                    Sets: bindings.Select(b => new ParameterSetBinding(
                        SetName: Named(b, "ParameterSetName", CmdletMetadata.AllSets),
                        Mandatory: Named(b, "Mandatory", false),
                        Position: Named(b, "Position", int.MinValue) is var pos && pos >= 0 ? pos : null,
                        ByValue: Named(b, "ValueFromPipeline", false),
                        ByPropertyName: Named(b, "ValueFromPipelineByPropertyName", false))).ToList()));
            }
        }
        return parameters;
    }

    private static List<string> OutputTypes(Type type) =>
        type.GetCustomAttributesData()
            .Where(a => a.AttributeType.FullName == Sma + "OutputTypeAttribute")
            .SelectMany(a => a.ConstructorArguments.SelectMany(arg =>
                arg.Value is IEnumerable<CustomAttributeTypedArgument> many ? many.Select(m => m.Value) : [arg.Value]))
            .Select(v => v is Type t ? t.FullName! : v?.ToString() ?? "")
            .Where(n => n.Length > 0).Distinct().ToList();

    private static T Named<T>(CustomAttributeData attribute, string name, T fallback)
    {
        foreach (var argument in attribute.NamedArguments)
            if (argument.MemberName == name) return (T)argument.TypedValue.Value!;
        return fallback;
    }
}
