using System.Management.Automation;
using System.Security;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>Connect-CcCloud, Get-CcContext and Disconnect-CcCloud as a user (or a runbook) drives them.</summary>
public class ContextTests
{
    private const string Connect = "$null = Connect-CcCloud";

    private static string BasicHeader(CloudSimulator sim) =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(sim.Options.ApiKey + ":" + sim.Options.ApiSecret));

    [Fact]
    public async Task After_Connect_New_and_Get_run_without_credential_parameters()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"""
            {Connect} -Credential $Cred -BaseUri $BaseUri
            New-CcIamInvitation -Email ctx@example.com
            Get-CcIamInvitation -Email ctx@example.com
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal(run.Output[0].Properties["Id"].Value, run.Output[1].Properties["Id"].Value);
        Assert.All(sim.Requests, r => Assert.Equal(BasicHeader(sim), r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Connect_takes_an_api_key_as_ApiKey_and_ApiSecret()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"""
            {Connect} -ApiKey $Key -ApiSecret $Secret -BaseUri $BaseUri
            New-CcIamInvitation -Email key@example.com
            (Connect-CcCloud -ApiKey $Key -ApiSecret $Secret -ClientCredential $Client -BaseUri $BaseUri).AuthenticationType
            """, sim.Vars(("Key", sim.Options.ApiKey), ("Secret", ModuleHost.Secure(sim.Options.ApiSecret))));

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        Assert.Equal("ApiKey, ClientCredential", run.Output[1].ToString());
        Assert.Equal(BasicHeader(sim), Assert.Single(sim.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task Parameters_of_a_cmdlet_override_the_context()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"""
            {Connect} -AccessToken $Token -BaseUri $BaseUri
            New-CcIamInvitation -Email param@example.com -Credential $Cred
            New-CcIamInvitation -Email context@example.com
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        var posts = sim.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(BasicHeader(sim), posts[0].Headers["Authorization"]);
        Assert.Equal("Bearer " + sim.Options.StaticBearerToken, posts[1].Headers["Authorization"]);
    }

    [Fact]
    public async Task A_refused_context_credential_fails_while_a_parameter_credential_still_works()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedInvitation("seeded@example.com");
        var run = ModuleHost.Run($$"""
            {{Connect}} -Credential $Wrong -BaseUri $BaseUri
            (Get-CcIamInvitation -Credential $Cred).Email
            try { Get-CcIamInvitation } catch { $_.FullyQualifiedErrorId; $_.ErrorDetails.RecommendedAction }
            """, sim.Vars(("Wrong", ModuleHost.Credential(sim.Options.ApiKey, "not-the-secret"))));

        Assert.Null(run.Terminating);
        Assert.Equal(3, run.Output.Count);
        Assert.Equal("seeded@example.com", run.Output[0].ToString());
        Assert.Equal("user_unauthenticated,ConfluentPartner.Commands.GetCcIamInvitationCommand", run.Output[1].ToString());
        Assert.Contains("Get-CcContext", run.Output[2].ToString());
    }

    [Fact]
    public async Task Connect_sends_nothing_and_outputs_the_context_it_made()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"Connect-CcCloud -Credential $Cred -ClientCredential $Client -BaseUri $BaseUri", sim.Vars());

        var shown = Assert.Single(run.Output);
        Assert.Equal("ConfluentPartner.CcContext", shown.TypeNames[0]);
        Assert.Equal("ApiKey, ClientCredential", shown.Properties["AuthenticationType"].Value);
        Assert.Equal(sim.Options.ApiKey, shown.Properties["ApiKey"].Value);
        Assert.Equal(sim.Options.OAuthClientId, shown.Properties["ClientId"].Value);
        Assert.Equal(new Uri(sim.BaseUri, "/oauth2/token"), shown.Properties["TokenUri"].Value);
        Assert.Equal("Parameter", shown.Properties["Source"].Value);
        Assert.Equal(sim.BaseUri, shown.Properties["BaseUri"].Value);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Equal(0, sim.Stats.TokenRequests);
    }

    [Fact]
    public async Task Get_CcContext_shows_the_connection_but_no_secret_in_any_stream_or_property()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($$"""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            {{Connect}} -Credential $Cred -ClientCredential $Client -BaseUri $BaseUri -Validate
            Get-CcContext
            New-CcIamInvitation -Email secret@example.com | ForEach-Object { 'created' }
            Disconnect-CcCloud
            {{Connect}} -AccessToken $Token -BaseUri $BaseUri
            Get-CcContext
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(3, run.Output.Count);
        var apiKeyContext = run.Output[0];
        var tokenContext = run.Output[2];
        Assert.Equal("ApiKey, ClientCredential", apiKeyContext.Properties["AuthenticationType"].Value);
        Assert.Equal("AccessToken", tokenContext.Properties["AuthenticationType"].Value);
        Assert.Null(tokenContext.Properties["ApiKey"].Value);
        Assert.NotEmpty(run.Verbose); // the streams were on, so "no secret" below means something

        foreach (var secret in sim.Secrets())
        {
            Assert.DoesNotContain(secret, run.AllText());
            foreach (var context in new[] { apiKeyContext, tokenContext })
                foreach (var property in context.Properties)
                    Assert.DoesNotContain(secret, property.Value?.ToString() ?? "");
        }
        // Nothing secret-shaped is even reachable from the object.
        var types = apiKeyContext.BaseObject.GetType().GetProperties().Select(p => p.PropertyType).ToList();
        Assert.DoesNotContain(typeof(SecureString), types);
        Assert.DoesNotContain(typeof(PSCredential), types);
        Assert.All(types, t => Assert.DoesNotContain("Credential", t.FullName));
    }

    [Fact]
    public async Task Validate_checks_each_credential_once_and_a_refused_one_keeps_the_previous_context()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($$"""
            {{Connect}} -Credential $Cred -ClientCredential $Client -BaseUri $BaseUri -Validate
            try { {{Connect}} -Credential $Wrong -BaseUri $BaseUri -Validate } catch { $_.FullyQualifiedErrorId }
            (Get-CcContext).ApiKey
            New-CcIamInvitation -Email still@example.com | ForEach-Object { $_.Email }
            """, sim.Vars(("Wrong", ModuleHost.Credential("WRONGKEY", "not-the-secret"))));

        Assert.Null(run.Terminating);
        Assert.Equal(
            ["user_unauthenticated,ConfluentPartner.Commands.ConnectCcCloudCommand", sim.Options.ApiKey, "still@example.com"],
            run.Output.Select(o => o.ToString()));
        Assert.Equal(2, sim.ApiRequests("GET", "/iam/v2/invitations"));
        Assert.Equal(1, sim.Stats.TokenRequests);
    }

    [Fact]
    public async Task Validate_with_a_wrong_OAuth_client_fails_with_the_token_endpoints_refusal()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"{Connect} -ClientCredential $Wrong -BaseUri $BaseUri -Validate",
            sim.Vars(("Wrong", ModuleHost.Credential(sim.Options.OAuthClientId, "not-the-secret"))));

        Assert.NotNull(run.Terminating);
        var record = run.Terminating!.ErrorRecord;
        Assert.Equal("oauth_token_refused,ConfluentPartner.Commands.ConnectCcCloudCommand", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Equal(0, sim.ApiRequests("GET", "/iam"));
    }

    [Fact]
    public async Task A_plain_http_endpoint_off_this_machine_is_refused()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run($"{Connect} -Credential $Cred -BaseUri http://api.example.com", sim.Vars());

        Assert.Equal("InsecureBaseUri,ConfluentPartner.Commands.ConnectCcCloudCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }
}

/// <summary>Context cases where an empty environment matters: they run alone, with the credential variables cleared.</summary>
[Collection("Environment variables")]
public class ContextEnvironmentTests
{
    private const string Connect = "$null = Connect-CcCloud";
    private const string GetCmd = "ConfluentPartner.Commands.GetCcIamInvitationCommand";

    [Fact]
    public async Task The_context_belongs_to_one_runspace_another_runspace_in_the_process_has_none()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        using var first = new PsSession();
        using var second = new PsSession();

        var connected = first.Run($"{Connect} -Credential $Cred -BaseUri $BaseUri; (Get-CcContext).ApiKey", sim.Vars());
        var other = second.Run("Get-CcContext; Get-CcIamInvitation -BaseUri $BaseUri", sim.Vars());
        var firstAgain = first.Run("(Get-CcContext).ApiKey; Get-CcIamInvitation", sim.Vars());

        Assert.Equal(sim.Options.ApiKey, Assert.Single(connected.Output).ToString());
        Assert.Empty(other.Output);
        Assert.Equal($"NoCredential,{GetCmd}", other.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Null(firstAgain.Terminating);
        Assert.Equal(sim.Options.ApiKey, Assert.Single(firstAgain.Output).ToString());
        Assert.Equal(1, sim.ApiRequests("GET", "/iam/v2/invitations"));
    }

    [Fact]
    public async Task Runspaces_running_at_the_same_time_each_use_their_own_credential()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        using var apiKeySession = new PsSession();
        using var tokenSession = new PsSession();
        apiKeySession.Run($"{Connect} -Credential $Cred -BaseUri $BaseUri", sim.Vars());
        tokenSession.Run($"{Connect} -AccessToken $Token -BaseUri $BaseUri", sim.Vars());

        var script = "1..10 | ForEach-Object { New-CcIamInvitation -Email \"$Prefix$_@example.com\" } | ForEach-Object { $_.Email }";
        var runs = await Task.WhenAll(
            Task.Run(() => apiKeySession.Run(script, sim.Vars(("Prefix", "key")))),
            Task.Run(() => tokenSession.Run(script, sim.Vars(("Prefix", "token")))));

        Assert.All(runs, r => { Assert.Null(r.Terminating); Assert.Equal(10, r.Output.Count); });
        var byEmail = sim.Requests.Where(r => r.Method == "POST").ToDictionary(r => r.Body!, r => r.Headers["Authorization"]);
        Assert.All(byEmail.Where(p => p.Key.Contains("\"key")), p => Assert.StartsWith("Basic ", p.Value));
        Assert.All(byEmail.Where(p => p.Key.Contains("\"token")), p => Assert.StartsWith("Bearer ", p.Value));
    }

    [Fact]
    public async Task Disconnect_clears_the_context()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        var run = ModuleHost.Run($"""
            {Connect} -Credential $Cred -BaseUri $BaseUri
            Disconnect-CcCloud
            Get-CcContext
            Get-CcIamInvitation -BaseUri $BaseUri
            """, sim.Vars());

        Assert.Empty(run.Output);
        Assert.Equal($"NoCredential,{GetCmd}", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task FromEnvironment_takes_the_variables_once_and_keeps_them_after_they_are_gone()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean(
            ("CONFLUENT_CLOUD_API_KEY", sim.Options.ApiKey), ("CONFLUENT_CLOUD_API_SECRET", sim.Options.ApiSecret),
            ("CONFLUENT_PARTNER_CLIENT_ID", sim.Options.OAuthClientId), ("CONFLUENT_PARTNER_CLIENT_SECRET", sim.Options.OAuthClientSecret),
            ("CONFLUENT_CLOUD_BASE_URI", sim.BaseUri.ToString()));
        var run = ModuleHost.Run($$"""
            {{Connect}} -FromEnvironment
            foreach ($name in 'CONFLUENT_CLOUD_API_KEY', 'CONFLUENT_CLOUD_API_SECRET', 'CONFLUENT_CLOUD_BASE_URI') {
                [Environment]::SetEnvironmentVariable($name, $null)
            }
            Get-CcContext
            New-CcIamInvitation -Email fromenv@example.com -Verbose
            """, sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal(2, run.Output.Count);
        var shown = run.Output[0];
        Assert.Equal("Environment", shown.Properties["Source"].Value);
        Assert.Equal("ApiKey, ClientCredential", shown.Properties["AuthenticationType"].Value);
        Assert.Equal(sim.Options.OAuthClientId, shown.Properties["ClientId"].Value);
        Assert.Equal(sim.BaseUri, shown.Properties["BaseUri"].Value);
        Assert.Equal("fromenv@example.com", run.Output[1].Properties["Email"].Value);
        Assert.Contains(run.Verbose, v => v.Message.Contains("from Connect-CcCloud"));
        Assert.DoesNotContain(sim.Options.ApiSecret, run.AllText());
    }

    [Fact]
    public async Task FromEnvironment_with_an_access_token_lists_it_once_and_sends_it_as_bearer()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean(("CONFLUENT_CLOUD_ACCESS_TOKEN", sim.Options.StaticBearerToken));
        var run = ModuleHost.Run($"{Connect} -FromEnvironment -BaseUri $BaseUri; (Get-CcContext).AuthenticationType; New-CcIamInvitation -Email token@example.com",
            sim.Vars());

        Assert.Null(run.Terminating);
        Assert.Equal("AccessToken", run.Output[0].ToString());
        Assert.Equal("Bearer " + sim.Options.StaticBearerToken, Assert.Single(sim.Requests).Headers["Authorization"]);
    }

    [Fact]
    public async Task FromEnvironment_with_nothing_set_says_which_variables_to_set()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        var run = ModuleHost.Run($"{Connect} -FromEnvironment; Get-CcContext", sim.Vars());

        var record = run.Terminating?.ErrorRecord;
        Assert.Equal("NoCredential,ConfluentPartner.Commands.ConnectCcCloudCommand", record?.FullyQualifiedErrorId);
        Assert.Contains("CONFLUENT_CLOUD_API_KEY", record!.Exception.Message);
        Assert.Contains("CONFLUENT_PARTNER_CLIENT_ID", record.Exception.Message);
    }

    [Fact]
    public async Task TokenUri_without_an_OAuth_client_is_refused()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean(("CONFLUENT_CLOUD_API_KEY", sim.Options.ApiKey), ("CONFLUENT_CLOUD_API_SECRET", sim.Options.ApiSecret));
        var run = ModuleHost.Run($"{Connect} -FromEnvironment -TokenUri https://login.example.com/token -BaseUri $BaseUri; Get-CcContext", sim.Vars());

        Assert.Equal("TokenUriWithoutClient,ConfluentPartner.Commands.ConnectCcCloudCommand", run.Terminating?.ErrorRecord.FullyQualifiedErrorId);
    }

    [Fact]
    public async Task A_context_with_only_a_partner_client_does_not_serve_the_IAM_API_and_says_so()
    {
        await using var sim = await CloudSimulator.StartAsync();
        using var _ = TestEnvironment.Clean();
        var run = ModuleHost.Run($"{Connect} -ClientCredential $Client -BaseUri $BaseUri; Get-CcIamInvitation", sim.Vars());

        var record = run.Terminating?.ErrorRecord;
        Assert.Equal($"NoCredential,{GetCmd}", record?.FullyQualifiedErrorId);
        Assert.Contains("Connect-CcCloud context", record!.Exception.Message);
        Assert.Contains("ClientCredential", record.Exception.Message);
        Assert.Equal(0, sim.Stats.Requests);
    }
}
