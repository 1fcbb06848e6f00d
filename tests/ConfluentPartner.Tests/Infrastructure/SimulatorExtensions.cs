using System.Management.Automation;
using ConfluentCloud.Simulator;

namespace ConfluentPartner.Tests.Infrastructure;

public static class SimulatorExtensions
{
    /// <summary>Variables a test script uses: $BaseUri, $Cred (API key), $Token (static bearer), $Client (OAuth client).</summary>
    public static Dictionary<string, object?> Vars(this CloudSimulator sim, params (string Name, object? Value)[] more)
    {
        var vars = new Dictionary<string, object?>
        {
            ["BaseUri"] = sim.BaseUri.ToString(),
            ["Cred"] = ModuleHost.Credential(sim.Options.ApiKey, sim.Options.ApiSecret),
            ["Token"] = ModuleHost.Secure(sim.Options.StaticBearerToken),
            ["Client"] = ModuleHost.Credential(sim.Options.OAuthClientId, sim.Options.OAuthClientSecret),
        };
        foreach (var (name, value) in more) vars[name] = value;
        return vars;
    }

    /// <summary>Every secret the simulator knows, to assert none reached any stream.</summary>
    public static string[] Secrets(this CloudSimulator sim) =>
        [sim.Options.ApiSecret, sim.Options.StaticBearerToken, sim.Options.OAuthClientSecret,
         Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(sim.Options.ApiKey + ":" + sim.Options.ApiSecret))];

    public static int ApiRequests(this CloudSimulator sim, string method, string pathPrefix) =>
        sim.Requests.Count(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    public static string Fqid<TCommand>(string errorId) => $"{errorId},{typeof(TCommand).FullName}";
}
