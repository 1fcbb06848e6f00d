using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Runtime.Loader;
using System.Security;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

// Usage: ConfluentPartner.IsolationHost <module manifest> <base uri> <email>...
// API key and secret come from CC_ISOLATION_API_KEY / CC_ISOLATION_API_SECRET (kept off the command line).
// Prints one JSON report on stdout; exit code 0 when every step ran (the test judges the report).
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: ConfluentPartner.IsolationHost <module manifest> <base uri> <email>...");
    return 2;
}
var manifest = args[0];
var baseUri = args[1];
var emails = args[2..];
var credential = new PSCredential(
    Environment.GetEnvironmentVariable("CC_ISOLATION_API_KEY") ?? "",
    Secure(Environment.GetEnvironmentVariable("CC_ISOLATION_API_SECRET") ?? ""));

// 1. The host (standing in for another module) uses its older Microsoft.Extensions.Http first.
var hostServices = new ServiceCollection();
hostServices.AddHttpClient("host");
using var hostProvider = hostServices.BuildServiceProvider();
var hostFactory = hostProvider.GetRequiredService<IHttpClientFactory>();
hostFactory.CreateClient("host").Dispose();

var steps = new List<object>();
using (var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2()))
{
    runspace.Open();
    // 2. Import and invite; 3. Remove-Module, import again and invite again, in the same runspace.
    for (var i = 0; i < emails.Length; i++)
    {
        var script = (i == 0 ? "" : "Remove-Module ConfluentPartner -ErrorAction Stop\n") +
            "Import-Module $Manifest -ErrorAction Stop\n" +
            "New-CcIamInvitation -Email $Email -BaseUri $BaseUri -Credential $Credential";
        steps.Add(Run(runspace, i == 0 ? "import" : "reimport", script,
            ("Manifest", manifest), ("Email", emails[i]), ("BaseUri", baseUri), ("Credential", credential)));
    }
    // 4. List them back: a paged read, the other way data crosses from the engine to the cmdlets.
    steps.Add(Run(runspace, "list", "Get-CcIamInvitation -BaseUri $BaseUri -Credential $Credential",
        ("BaseUri", baseUri), ("Credential", credential)));
    steps.Add(Run(runspace, "remove", "Remove-Module ConfluentPartner -ErrorAction Stop"));
}

// 5. The host's own Microsoft.Extensions.Http still works after the module ran beside it.
var hostStillWorks = true;
try { hostFactory.CreateClient("host").Dispose(); }
catch (Exception) { hostStillWorks = false; }

var report = new
{
    HostHttpFactoryVersion = typeof(IHttpClientFactory).Assembly.GetName().Version?.ToString(),
    HostStillWorks = hostStillWorks,
    Steps = steps,
    Assemblies = AppDomain.CurrentDomain.GetAssemblies()
        .Where(a => !a.IsDynamic)
        .Select(a => new
        {
            a.GetName().Name,
            Version = a.GetName().Version?.ToString(),
            Context = ContextOf(a),
            a.Location,
        })
        .OrderBy(a => a.Name, StringComparer.Ordinal)
        .ToList(),
};
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
return 0;

static object Run(Runspace runspace, string step, string script, params (string Name, object Value)[] variables)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    foreach (var (name, value) in variables) runspace.SessionStateProxy.SetVariable(name, value);
    ps.AddScript(script);
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var output = new List<string>();
    var errors = new List<string>();
    try
    {
        foreach (var o in ps.Invoke())
            output.Add($"{o.Properties["Email"]?.Value}|{o.Properties["Id"]?.Value}|{o.Properties["Status"]?.Value}");
    }
    catch (Exception ex)
    {
        errors.Add("terminating: " + ex);
    }
    errors.AddRange(ps.Streams.Error.Select(e => e.ToString() + " | " + e.Exception));
    return new { Step = step, Output = output, Errors = errors, ResolvingHandlers = ResolvingHandlers(), Seconds = clock.Elapsed.TotalSeconds };
}

static string ContextOf(Assembly assembly)
{
    var context = AssemblyLoadContext.GetLoadContext(assembly);
    if (context == null) return "none";
    return context == AssemblyLoadContext.Default ? "Default" : context.GetType().FullName ?? "?";
}

// The runtime keeps Resolving subscribers in a private delegate field; read it to see whose handlers remain.
static List<string> ResolvingHandlers()
{
    var field = typeof(AssemblyLoadContext).GetField("_resolving", BindingFlags.Instance | BindingFlags.NonPublic);
    if (field?.GetValue(AssemblyLoadContext.Default) is not Delegate handlers) return field == null ? ["<field not found>"] : [];
    return handlers.GetInvocationList().Select(d => $"{d.Method.DeclaringType?.FullName}.{d.Method.Name}").ToList();
}

static SecureString Secure(string value)
{
    var s = new SecureString();
    foreach (var c in value) s.AppendChar(c);
    s.MakeReadOnly();
    return s;
}
