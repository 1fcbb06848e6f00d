using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConfluentCloud.Simulator;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;
using static ConfluentPartner.Tests.Infrastructure.SignupRows;

namespace ConfluentPartner.Tests;

/// <summary>partner/v2 authentication: OAuth bearer tokens only, fetched once per call, renewed on expiry or after a 401.</summary>
public class PartnerAuthTests
{
    private const string Cmd = "ConfluentPartner.Commands.NewCcPartnerSignupCommand";

    private static PSObject[] Rows(int count) => Enumerable.Range(0, count).Select(i => Details($"r{i:D2}")).ToArray();

    private static List<RecordedRequest> SignupRequests(CloudSimulator sim) => sim.Requests.Where(r => r.Path == "/partner/v2/signup").ToList();

    [Fact]
    public async Task One_token_is_fetched_for_all_rows_of_a_call_and_sent_as_a_bearer_token()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Rows(25);
        var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -ThrottleLimit 8", sim.Vars(("Rows", rows)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(25, run.Output.Count);
        Assert.Equal(1, sim.Stats.TokenRequests);
        var headers = SignupRequests(sim).Select(r => r.Headers["Authorization"]).Distinct().ToList();
        Assert.StartsWith("Bearer sim-at-", Assert.Single(headers));
    }

    [Fact]
    public async Task An_expiring_token_is_replaced_before_the_next_request_without_a_401()
    {
        await using var sim = await CloudSimulator.StartAsync(new SimulatorOptions { TokenLifetime = TimeSpan.FromSeconds(2) });
        var rows = Rows(3);
        // The second row arrives after the first row's token has expired (a runbook pausing between customers).
        var run = ModuleHost.Run("""
            $Rows | ForEach-Object {
                if ($_.organization_name -eq 'Customer r01') {
                    for ($i = 0; $i -lt 500 -and $Sim.Signups.Count -lt 1; $i++) { [System.Threading.Thread]::Sleep(20) }
                    [System.Threading.Thread]::Sleep(2500)
                }
                $_
            } | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -ThrottleLimit 1
            """, sim.Vars(("Rows", rows), ("Sim", sim)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(3, run.Output.Count);
        Assert.Equal(2, sim.Stats.TokenRequests);
        Assert.DoesNotContain(sim.Requests, r => r.Status == 401);
        var tokens = SignupRequests(sim).Select(r => r.Headers["Authorization"]).ToList();
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(tokens[1], tokens[2]);
    }

    [Fact]
    public async Task A_wave_of_401s_costs_one_new_token_and_every_row_still_succeeds()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var rows = Rows(8);
        // The server drops every token it issued (a key rotation) while the cmdlet holds one and rows are in flight.
        var run = ModuleHost.Run("""
            $Rows | ForEach-Object {
                if ($_.organization_name -eq 'Customer r01') {
                    for ($i = 0; $i -lt 500 -and $Sim.Signups.Count -lt 1; $i++) { [System.Threading.Thread]::Sleep(20) }
                    $Sim.RevokeTokens()
                }
                $_
            } | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -ThrottleLimit 4 -Verbose
            """, sim.Vars(("Rows", rows), ("Sim", sim)));

        Assert.Null(run.Terminating);
        Assert.Empty(run.Errors);
        Assert.Equal(8, run.Output.Count);
        Assert.Equal(8, sim.Signups.Count);
        Assert.Equal(2, sim.Stats.TokenRequests);
        var requests = SignupRequests(sim);
        var first = requests[0].Headers["Authorization"];
        var refused = requests.Where(r => r.Status == 401).ToList();
        Assert.NotEmpty(refused);
        // Only the revoked token was refused, and each row was refused at most once.
        Assert.All(refused, r => Assert.Equal(first, r.Headers["Authorization"]));
        Assert.Equal(8 + refused.Count, requests.Count);
        Assert.Contains(run.Verbose, v => v.Message.Contains("401, fetching a new access token once"));
    }

    [Fact]
    public async Task A_refused_client_secret_stops_the_pipeline_before_any_API_request()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Wrong",
            sim.Vars(("Rows", Rows(5)), ("Wrong", ModuleHost.Credential(sim.Options.OAuthClientId, "not-the-secret"))));

        Assert.NotNull(run.Terminating);
        var record = run.Terminating!.ErrorRecord;
        Assert.Equal($"oauth_token_refused,{Cmd}", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Contains("sim-client-id", record.ErrorDetails.Message);
        Assert.Contains("-ClientCredential", record.ErrorDetails.RecommendedAction);
        Assert.Empty(run.Output);
        Assert.Equal(0, sim.Stats.Requests);
        Assert.Equal(1, sim.Stats.TokenRequests);
    }

    [Fact]
    public async Task A_token_without_the_partner_create_scope_is_PermissionDenied_and_stops_the_pipeline()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var describeOnly = await FetchToken(sim, "partner:describe");
        var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -BaseUri $BaseUri -AccessToken $DescribeOnly",
            sim.Vars(("Rows", Rows(5)), ("DescribeOnly", ModuleHost.Secure(describeOnly))));

        Assert.NotNull(run.Terminating);
        Assert.Equal($"user_unauthorized,{Cmd}", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, run.Terminating.ErrorRecord.CategoryInfo.Category);
        Assert.Contains("partner:create", run.Terminating.ErrorRecord.ErrorDetails.Message);
        Assert.Single(SignupRequests(sim));
        Assert.Empty(sim.Signups);
    }

    [Fact]
    public async Task An_access_token_is_used_as_given()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("$Rows | Test-CcPartnerSignup -BaseUri $BaseUri -AccessToken $Token", sim.Vars(("Rows", Rows(2))));
        Assert.Equal(new object[] { true, true }, run.Output.Select(o => o.BaseObject));
        Assert.Equal(0, sim.Stats.TokenRequests);
        Assert.All(SignupRequests(sim), r => Assert.Equal("Bearer " + sim.Options.StaticBearerToken, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task An_API_key_is_refused_for_the_partner_API_before_anything_is_sent()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -BaseUri $BaseUri -Credential $Cred", sim.Vars(("Rows", Rows(2))));
        Assert.NotNull(run.Terminating);
        Assert.Equal($"NoCredential,{Cmd}", run.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.Contains("-ClientCredential", run.Terminating.Message);
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task TokenUri_overrides_the_token_endpoint_and_must_be_https_or_loopback()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var custom = ModuleHost.Run("$Rows | Test-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -TokenUri \"$($BaseUri.TrimEnd('/'))/custom/token\"",
            sim.Vars(("Rows", Rows(1))));
        // The simulator serves tokens only at /oauth2/token: the refusal proves the client went where -TokenUri said.
        Assert.NotNull(custom.Terminating);
        Assert.Equal(ErrorCategory.AuthenticationError, custom.Terminating!.ErrorRecord.CategoryInfo.Category);
        Assert.Contains(sim.Requests, r => r.Path == "/custom/token");
        Assert.Equal(0, sim.Stats.TokenRequests);

        var insecure = ModuleHost.Run("$Rows | Test-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -TokenUri http://login.example.com/oauth2/token",
            sim.Vars(("Rows", Rows(1))));
        Assert.Equal("InsecureTokenUri,ConfluentPartner.Commands.TestCcPartnerSignupCommand", insecure.Terminating!.ErrorRecord.FullyQualifiedErrorId);
        Assert.StartsWith("The token URI 'http://login.example.com/oauth2/token' is refused", insecure.Terminating.ErrorRecord.Exception.Message);
    }

    [Fact]
    public async Task No_stream_ever_shows_the_client_secret_or_the_access_token()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.SeedEntitlement("ext-r01");
        var rows = new[] { Details("r00"), Details("r01"), Details("r02", ("email", "broken")) };
        var script = """
            $Rows | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -Verbose -Debug
            $Rows | Test-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Client -Detailed -Verbose -Debug
            $Rows[0] | Complete-CcPartnerSignup -OrganizationId x -BaseUri $BaseUri -ClientCredential $Client -Verbose -Debug
            $Rows | New-CcPartnerSignup -BaseUri $BaseUri -ClientCredential $Wrong -Verbose -Debug
            """;
        var run = ModuleHost.Run(script, sim.Vars(("Rows", rows), ("Wrong", ModuleHost.Credential(sim.Options.OAuthClientId, sim.Options.OAuthClientSecret + "x"))));

        Assert.Contains(run.Verbose, v => v.Message.Contains("/partner/v2/signup -> 201"));
        Assert.Contains(run.Verbose, v => v.Message.Contains("OAuth client sim-client-id"));
        Assert.NotEmpty(run.Debug);
        var issued = sim.Requests.Select(r => r.Headers.GetValueOrDefault("Authorization")).Where(h => h != null).Distinct().ToList();
        Assert.NotEmpty(issued);
        var all = run.AllText();
        foreach (var secret in sim.Secrets().Concat(issued.Select(h => h!["Bearer ".Length..])).Append(sim.Options.OAuthClientSecret + "x"))
            Assert.DoesNotContain(secret, all);
        Assert.DoesNotContain("Authorization", all);
    }

    [Theory]
    [InlineData(3600, 60)]
    [InlineData(300, 30)]
    [InlineData(2, 0.2)]
    public void A_token_is_renewed_a_tenth_of_its_lifetime_before_it_expires_and_at_most_a_minute_before(double lifetimeSeconds, double marginSeconds)
    {
        // A fixed minute would treat every token shorter than a minute as expired and fetch one per request.
        Assert.Equal(TimeSpan.FromSeconds(marginSeconds), ConfluentPartner.Client.Credentials.OAuthClientCredential.RefreshMargin(TimeSpan.FromSeconds(lifetimeSeconds)));
    }

    private static async Task<string> FetchToken(CloudSimulator sim, string scope)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sim.BaseUri, CloudSimulator.TokenPath))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sim.Options.OAuthClientId}:{sim.Options.OAuthClientSecret}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(scope, body.RootElement.GetProperty("scope").GetString());
        return body.RootElement.GetProperty("access_token").GetString()!;
    }
}

/// <summary>The partner cmdlets' OAuth client from the environment; reads process environment variables, so never in parallel.</summary>
[Collection("Environment variables")]
public class PartnerEnvironmentTests
{
    [Fact]
    public async Task The_partner_client_environment_variables_are_used_when_no_parameter_is_given()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var names = new[] { "CONFLUENT_PARTNER_CLIENT_ID", "CONFLUENT_PARTNER_CLIENT_SECRET", "CONFLUENT_CLOUD_ACCESS_TOKEN", "CONFLUENT_CLOUD_BASE_URI" };
        var saved = names.ToDictionary(n => n, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var n in names) Environment.SetEnvironmentVariable(n, null);
            Environment.SetEnvironmentVariable("CONFLUENT_PARTNER_CLIENT_ID", sim.Options.OAuthClientId);
            Environment.SetEnvironmentVariable("CONFLUENT_PARTNER_CLIENT_SECRET", sim.Options.OAuthClientSecret);
            Environment.SetEnvironmentVariable("CONFLUENT_CLOUD_BASE_URI", sim.BaseUri.ToString());
            var run = ModuleHost.Run("$Rows | New-CcPartnerSignup -Verbose", sim.Vars(("Rows", new[] { Details("env1"), Details("env2") })));

            Assert.Null(run.Terminating);
            Assert.Empty(run.Errors);
            Assert.Equal(2, run.Output.Count);
            Assert.Equal(1, sim.Stats.TokenRequests);
            Assert.Contains(run.Verbose, v => v.Message.Contains("OAuth client sim-client-id (from environment)"));
            Assert.DoesNotContain(sim.Options.OAuthClientSecret, run.AllText());
        }
        finally
        {
            foreach (var pair in saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }
    }
}
