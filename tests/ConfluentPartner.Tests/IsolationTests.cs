using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>
/// One run of tests/ConfluentPartner.IsolationHost against the built module: that host has Microsoft.Extensions.Http 8
/// loaded in its default load context before it imports the module (this test process cannot show that: it has
/// ASP.NET Core's 10.x and the client itself loaded already).
/// </summary>
public sealed class IsolationHostRun : IAsyncLifetime
{
    public static readonly string[] Emails = ["isolated-first@example.com", "isolated-reimported@example.com"];
    public CloudSimulator Sim { get; private set; } = null!;
    public JsonElement Report { get; private set; }

    public async Task InitializeAsync()
    {
        Sim = await CloudSimulator.StartAsync();
        (_, Report) = await IsolationHost.RunAsync(ModuleHost.ModuleManifest, Sim, Emails);
    }

    public async Task DisposeAsync() => await Sim.DisposeAsync();
}

public class IsolationTests : IClassFixture<IsolationHostRun>
{
    private const string ModuleContext = "ConfluentPartner.Isolation.ModuleLoadContext";
    private const string OurResolver = "ConfluentPartner.Isolation.CoreClrDependencyResolver.ResolveEngine";
    private readonly IsolationHostRun _run;

    public IsolationTests(IsolationHostRun run) => _run = run;

    private JsonElement Step(string name) => _run.Report.GetProperty("Steps").EnumerateArray().Single(s => s.GetProperty("Step").GetString() == name);

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private List<(string Name, string Version, string Context, string Location)> Loaded() =>
        _run.Report.GetProperty("Assemblies").EnumerateArray()
            .Select(a => (a.GetProperty("Name").GetString()!, a.GetProperty("Version").GetString()!, a.GetProperty("Context").GetString()!, a.GetProperty("Location").GetString()!))
            .ToList();

    [Fact]
    public void Invitations_are_sent_and_listed_while_an_older_Microsoft_Extensions_Http_is_loaded()
    {
        Assert.StartsWith("8.", _run.Report.GetProperty("HostHttpFactoryVersion").GetString());
        foreach (var (step, email) in new[] { ("import", IsolationHostRun.Emails[0]), ("reimport", IsolationHostRun.Emails[1]) })
        {
            Assert.Empty(Strings(Step(step).GetProperty("Errors")));
            var line = Assert.Single(Strings(Step(step).GetProperty("Output")));
            Assert.StartsWith(email + "|i-", line);
            Assert.EndsWith("|INVITE_STATUS_SENT", line);
        }
        Assert.Equal(IsolationHostRun.Emails, _run.Sim.Invitations.Select(i => i.Email));

        // And read back page by page: results cross from the engine's context to the cmdlets' the other way too.
        Assert.Empty(Strings(Step("list").GetProperty("Errors")));
        Assert.Equal(IsolationHostRun.Emails.Order(), Strings(Step("list").GetProperty("Output")).Select(l => l.Split('|')[0]).Order());
    }

    [Fact]
    public void The_module_loads_its_own_dependencies_privately_and_the_host_keeps_its_own()
    {
        var loaded = Loaded();
        var dependencies = Path.Combine(Path.GetDirectoryName(ModuleHost.ModuleManifest)!, "Dependencies");

        // The engine is only in the module's context, from Dependencies/.
        var engine = Assert.Single(loaded, a => a.Name == "ConfluentPartner.Client");
        Assert.Equal(ModuleContext, engine.Context);
        Assert.StartsWith(dependencies, engine.Location);

        // Two Microsoft.Extensions.Http side by side: the host's 8.x in the default context, the module's 10.x privately.
        var http = loaded.Where(a => a.Name == "Microsoft.Extensions.Http").ToList();
        Assert.Contains(http, a => a.Context == "Default" && a.Version.StartsWith("8."));
        Assert.Contains(http, a => a.Context == ModuleContext && a.Version.StartsWith("10.") && a.Location.StartsWith(dependencies));
        var abstractions = loaded.Where(a => a.Name == "Microsoft.Extensions.DependencyInjection.Abstractions").ToList();
        Assert.Contains(abstractions, a => a.Context == "Default" && a.Version.StartsWith("8."));
        Assert.Contains(abstractions, a => a.Context == ModuleContext && a.Version.StartsWith("10."));

        // System.Text.Json too: the module uses its own copy, whatever the session has.
        Assert.Contains(loaded, a => a.Name == "System.Text.Json" && a.Context == ModuleContext && a.Location.StartsWith(dependencies));

        // Nothing of ours leaks into the default context except the cmdlet assembly itself ...
        Assert.DoesNotContain(loaded, a => a.Context == "Default" && a.Location.StartsWith(dependencies));
        // ... and back-ports of runtime types come from the runtime, so Span and ValueTask stay the runtime's own.
        Assert.DoesNotContain(loaded, a => a.Name is "System.Memory" or "System.Buffers" or "System.Threading.Tasks.Extensions" && a.Context == ModuleContext);

        Assert.True(_run.Report.GetProperty("HostStillWorks").GetBoolean(), "the host's own IHttpClientFactory failed after the module ran");
    }

    [Fact]
    public void Remove_Module_detaches_the_resolver_and_Import_Module_attaches_it_again()
    {
        Assert.Contains(OurResolver, Strings(Step("import").GetProperty("ResolvingHandlers")));
        // After Remove-Module and Import-Module in the same runspace: attached once, not twice.
        Assert.Single(Strings(Step("reimport").GetProperty("ResolvingHandlers")), h => h == OurResolver);
        Assert.Empty(Strings(Step("remove").GetProperty("Errors")));
        Assert.DoesNotContain(OurResolver, Strings(Step("remove").GetProperty("ResolvingHandlers")));
    }
}

public class ModuleLifecycleTests
{
    [Fact]
    public async Task Remove_Module_then_Import_Module_again_works_in_the_same_runspace()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("""
            New-CcIamInvitation -Email before@example.com -BaseUri $BaseUri -Credential $Cred
            Remove-Module ConfluentPartner -ErrorAction Stop
            if (Get-Command New-CcIamInvitation -ErrorAction SilentlyContinue) { throw 'still there after Remove-Module' }
            Import-Module $Manifest -ErrorAction Stop
            New-CcIamInvitation -Email after@example.com -BaseUri $BaseUri -Credential $Cred
            """, sim.Vars(("Manifest", ModuleHost.ModuleManifest)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(new[] { "before@example.com", "after@example.com" }, run.Output.Select(o => (string)o.Properties["Email"].Value));
        Assert.Equal(2, sim.Invitations.Count);
    }
}

/// <summary>The cmdlet assembly's contract with the session: it names no third-party assembly at all.</summary>
public class CmdletAssemblySurfaceTests
{
    private static string ModuleDirectory => Path.GetDirectoryName(ModuleHost.ModuleManifest)!;

    [Fact]
    public void The_cmdlet_assembly_references_and_exposes_no_third_party_assembly()
    {
        var dependencies = Directory.GetFiles(Path.Combine(ModuleDirectory, "Dependencies"), "*.dll");
        var thirdParty = dependencies.Select(Path.GetFileNameWithoutExtension).Where(n => n != "ConfluentPartner.Client").ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("System.Text.Json", thirdParty);
        Assert.Contains("Microsoft.Extensions.Http", thirdParty);

        var runtime = Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll");
        var resolver = new PathAssemblyResolver(runtime.Concat(dependencies)
            .Append(typeof(System.Management.Automation.PSObject).Assembly.Location)
            .Append(Path.Combine(ModuleDirectory, "ConfluentPartner.dll")));
        using var context = new MetadataLoadContext(resolver);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(ModuleDirectory, "ConfluentPartner.dll"));

        var references = assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.Contains("ConfluentPartner.Client", references);
        Assert.DoesNotContain(references, thirdParty.Contains);

        var exposed = assembly.GetExportedTypes()
            .SelectMany(t => PublicSignature(t).Select(used => (Where: t.FullName + ": " + used.Where, used.Type)))
            .SelectMany(u => Flatten(u.Type).Select(type => (u.Where, Type: type)))
            .Where(u => thirdParty.Contains(u.Type.Assembly.GetName().Name!))
            .Select(u => $"{u.Where} uses {u.Type.FullName} from {u.Type.Assembly.GetName().Name}")
            .Distinct()
            .ToList();
        Assert.Empty(exposed);
    }

    /// <summary>Every type a caller of <paramref name="type"/> can see: base type, interfaces, public and protected members, attributes.</summary>
    private static IEnumerable<(string Where, Type Type)> PublicSignature(Type type)
    {
        if (type.BaseType != null) yield return ("base type", type.BaseType);
        foreach (var i in type.GetInterfaces()) yield return ("interface", i);
        foreach (var a in type.GetCustomAttributesData()) yield return ("attribute", a.AttributeType);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var member in type.GetMembers(all))
        {
            foreach (var a in member.GetCustomAttributesData())
            {
                yield return (member.Name + " attribute", a.AttributeType);
                foreach (var arg in a.ConstructorArguments.Concat(a.NamedArguments.Select(n => n.TypedValue)))
                    if (arg.Value is Type t) yield return (member.Name + " attribute argument", t);
            }
            switch (member)
            {
                case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                    yield return (f.Name, f.FieldType);
                    break;
                case PropertyInfo p when p.GetAccessors(nonPublic: true).Any(Visible):
                    yield return (p.Name, p.PropertyType);
                    foreach (var index in p.GetIndexParameters()) yield return (p.Name, index.ParameterType);
                    break;
                case MethodBase m when Visible(m):
                    if (m is MethodInfo mi) yield return (m.Name, mi.ReturnType);
                    foreach (var parameter in m.GetParameters()) yield return (m.Name, parameter.ParameterType);
                    break;
                case EventInfo e when e.AddMethod != null && Visible(e.AddMethod):
                    yield return (e.Name, e.EventHandlerType!);
                    break;
                case Type nested when nested.IsNestedPublic || nested.IsNestedFamily || nested.IsNestedFamORAssem:
                    foreach (var used in PublicSignature(nested)) yield return (nested.Name + "." + used.Where, used.Type);
                    break;
            }
        }
    }

    private static bool Visible(MethodBase m) => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly;

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType) return Flatten(type.GetElementType()!);
        if (type.IsGenericParameter) return [];
        if (type.IsConstructedGenericType) return type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition());
        return [type];
    }
}
