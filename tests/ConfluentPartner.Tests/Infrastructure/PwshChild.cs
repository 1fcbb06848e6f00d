namespace ConfluentPartner.Tests.Infrastructure;

/// <summary>
/// Real pwsh 7.6 (the local dotnet tool) in a process of its own, for what the hosted engine cannot show: Select-Object,
/// a non-interactive host. The script gets the module path and the simulator's address and credential as environment
/// variables; $Cred is ready-made.
/// </summary>
public static class PwshChild
{
    public static Task<ProcessResult> RunAsync(ConfluentCloud.Simulator.CloudSimulator sim, string script, TimeSpan? timeout = null)
    {
        var prelude = """
            $ErrorActionPreference = 'Continue'
            Import-Module $env:CC_TEST_MODULE -ErrorAction Stop
            $Cred = [pscredential]::new($env:CC_TEST_KEY, (ConvertTo-SecureString $env:CC_TEST_SECRET -AsPlainText -Force))
            $BaseUri = $env:CC_TEST_BASE_URI

            """;
        return DotnetCli.RunAsync(["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", prelude + script],
            new Dictionary<string, string>
            {
                ["CC_TEST_MODULE"] = ModuleHost.ModuleManifest,
                ["CC_TEST_KEY"] = sim.Options.ApiKey,
                ["CC_TEST_SECRET"] = sim.Options.ApiSecret,
                ["CC_TEST_BASE_URI"] = sim.BaseUri.ToString(),
                ["NO_COLOR"] = "1",
            }, timeout ?? TimeSpan.FromMinutes(3));
    }
}
