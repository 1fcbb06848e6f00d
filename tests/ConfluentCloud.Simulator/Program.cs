using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using ConfluentCloud.Simulator;

// Standalone entry: dotnet run --project tests/ConfluentCloud.Simulator -- --urls http://127.0.0.1:5099 [--latency-ms N] [--rate-limit N]
var url = "http://127.0.0.1:5099";
var options = new SimulatorOptions();
for (int i = 0; i < args.Length; i++)
{
    var arg = args[i];
    string Value(string name)
    {
        var eq = arg.IndexOf('=');
        if (eq > 0) return arg[(eq + 1)..];
        if (i + 1 >= args.Length) Fail($"{name} needs a value.");
        return args[++i];
    }
    var name = arg.Split('=', 2)[0];
    switch (name)
    {
        case "--urls":
            url = Value(name);
            break;
        case "--latency-ms":
            options.Latency = TimeSpan.FromMilliseconds(PositiveInt(name, Value(name), allowZero: true));
            break;
        case "--rate-limit":
            options.RateLimitPerWindow = PositiveInt(name, Value(name), allowZero: false);
            break;
        case "-h" or "--help" or "-?":
            Console.WriteLine("Usage: ConfluentCloud.Simulator [--urls http://127.0.0.1:PORT] [--latency-ms N] [--rate-limit N]");
            return 0;
        default:
            Fail($"Unknown argument '{arg}'.");
            break;
    }
}

if (url.Contains(';')) Fail("Only one URL is supported.");
if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
    Fail($"'{url}' is not an http:// URL (the simulator does not serve TLS).");
var host = uri!.Host;
if (!(host == "localhost" || (IPAddress.TryParse(host, out var ip) && ip.Equals(IPAddress.Loopback))))
    Fail($"Refusing to listen on '{host}': the simulator binds 127.0.0.1 only (use 127.0.0.1 or localhost).");

await using var sim = await CloudSimulator.StartAsync(options, uri.Port);
var basicToken = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.ApiKey}:{options.ApiSecret}"));
Console.WriteLine($"Confluent Cloud simulator listening on {sim.BaseUri.ToString().TrimEnd('/')}");
Console.WriteLine($"  iam/v2 API key (Basic):   {options.ApiKey} / {options.ApiSecret}");
Console.WriteLine($"                             (Authorization: Basic {basicToken})");
Console.WriteLine($"  read-only API key:        {options.ReadOnlyApiKey} / {options.ReadOnlyApiSecret}");
Console.WriteLine($"  static bearer token:      {options.StaticBearerToken}");
Console.WriteLine($"  OAuth client (token URL {sim.BaseUri.ToString().TrimEnd('/')}{CloudSimulator.TokenPath}):");
Console.WriteLine($"                             client_id={options.OAuthClientId} client_secret={options.OAuthClientSecret}");
Console.WriteLine($"  partner link tokens:      {CloudSimulator.LinkTokenPrefix}<key> (each key names one existing organization; links once)");
Console.WriteLine($"  organization (iam/v2):    {CloudSimulator.OrganizationCrn}");
Console.WriteLine($"  latency: {options.Latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms, rate limit: " +
    (options.RateLimitPerWindow is int rl ? $"{rl} per {options.RateLimitWindow.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s" : "none"));
Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext ctx) { ctx.Cancel = true; stop.TrySetResult(); }
using (PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal))   // Ctrl+C
using (PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal))
{
    await stop.Task;
}
Console.WriteLine($"Stopping. {sim.Stats}");
return 0;

static int PositiveInt(string name, string value, bool allowZero)
{
    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || (!allowZero && n == 0))
        Fail($"{name} must be a {(allowZero ? "non-negative" : "positive")} integer; got '{value}'.");
    return n;
}

[System.Diagnostics.CodeAnalysis.DoesNotReturn]
static void Fail(string message)
{
    Console.Error.WriteLine("error: " + message);
    Environment.Exit(2);
}
