using System.Net;
using System.Net.Http;
using System.Text;
using ConfluentCloud.Simulator;
using ConfluentPartner.Client;
using ConfluentPartner.Client.Credentials;
using ConfluentPartner.Client.Errors;
using ConfluentPartner.Client.Http;
using ConfluentPartner.Client.Models;
using ConfluentPartner.Tests.Infrastructure;
using Xunit;

namespace ConfluentPartner.Tests;

/// <summary>The client on its own, without PowerShell: error shapes, credentials, pacing.</summary>
public class ClientTests
{
    private static HttpResponseMessage Response(int status, string body, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        response.Headers.Add("X-Request-Id", "req-123");
        return response;
    }

    [Fact]
    public void A_Failure_body_keeps_every_error_with_its_pointer_and_resolution()
    {
        const string body = """
            {"errors":[
              {"id":"e1","status":"422","code":"invalid_configuration","title":"Validation Failed","detail":"bad size","source":{"pointer":"/cluster/storage_size"},"resolution":"Use an integer."},
              {"id":"e2","status":"422","code":"invalid_filter","detail":"bad filter","source":{"parameter":"num_doors"}}]}
            """;
        var ex = ErrorResponseReader.Read(Response(422, body), body);
        Assert.Equal(422, ex.StatusCode);
        Assert.Equal("req-123", ex.RequestId);
        Assert.Equal("invalid_configuration", ex.Code);
        Assert.Equal(2, ex.Errors.Count);
        Assert.Equal("/cluster/storage_size", ex.Errors[0].Pointer);
        Assert.Equal("Use an integer.", ex.Errors[0].Resolution);
        Assert.Equal("num_doors", ex.Errors[1].QueryParameter);
        Assert.Contains("req-123", ex.Message);
    }

    [Fact]
    public void The_newer_single_error_envelope_is_understood()
    {
        const string body = """{"status":429,"error":{"code":"rate_limited","message":"Slow down"},"requestId":"env-9"}""";
        var response = new HttpResponseMessage((HttpStatusCode)400) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var ex = ErrorResponseReader.Read(response, body);
        Assert.Equal("rate_limited", ex.Code);
        Assert.Equal("Slow down", ex.Errors[0].Detail);
        Assert.Equal("env-9", ex.RequestId);
    }

    [Theory]
    [InlineData("", "text/plain", "empty body")]
    [InlineData("<html><body>Bad Gateway</body></html>", "text/html", "HTML page")]
    [InlineData("{\"errors\":[{\"code\":", "application/json", "malformed JSON")]
    [InlineData("upstream connect error", "text/plain", "upstream connect error")]
    public void Bodies_that_are_not_a_Failure_still_give_a_clear_error_with_the_status(string body, string mediaType, string expected)
    {
        var ex = ErrorResponseReader.Read(Response(503, body, mediaType), body);
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("503", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Plain_http_is_accepted_only_for_loopback()
    {
        CcClientOptions.ValidateBaseUri(new Uri("http://127.0.0.1:5099"));
        CcClientOptions.ValidateBaseUri(new Uri("http://localhost:5099"));
        CcClientOptions.ValidateBaseUri(new Uri("https://api.confluent.cloud"));
        Assert.Throws<ArgumentException>(() => CcClientOptions.ValidateBaseUri(new Uri("http://api.confluent.cloud")));
        Assert.Throws<ArgumentException>(() => CcClientOptions.ValidateBaseUri(new Uri("http://10.0.0.5")));
    }

    [Fact]
    public async Task Client_side_validation_refuses_a_bad_invitation_without_sending()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var client = new CcApiClient(new CcClientOptions
        {
            BaseUri = sim.BaseUri,
            Credential = new ApiKeyCredential(sim.Options.ApiKey, ModuleHost.Secure(sim.Options.ApiSecret)),
        });
        var ex = await Assert.ThrowsAsync<CcApiException>(() =>
            client.Invitations.CreateAsync(new CreateInvitationRequest { Email = "two@@example.com", AuthType = "AUTH_TYPE_X" }, false, default));
        Assert.True(ex.IsClientSide);
        Assert.Equal(new[] { "/email", "/auth_type" }, ex.Errors.Select(e => e.Pointer));
        Assert.Equal(0, sim.Stats.Requests);
    }

    [Fact]
    public async Task A_signup_whose_outcome_is_unknown_is_sent_once_and_the_exception_says_what_to_look_for_without_naming_cmdlets()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.InternalServerError500, Method = "POST", PathPrefix = "/partner/v2/signup", MaxTimes = 1 });
        var client = PartnerSignupContractTests.Client(sim);
        var request = new PartnerSignupRequest
        {
            Organization = new SignupOrganization { Name = "Customer facts", SsoConfig = new AzureSsoConfig { TenantId = "a1b2c3d4-0000-4000-8000-000000000001" } },
            Entitlement = new SignupEntitlement { ExternalId = "ext-facts", Name = "Facts", PlanId = PlanIds.All[0], ProductId = ProductIds.All[0] },
        };

        var ex = await Assert.ThrowsAsync<CcOutcomeUnknownException>(() => client.Signups.CreateAsync(request, default));
        Assert.Equal("signup", ex.ResourceKind);
        Assert.Equal("Customer facts", ex.Keys["organization_name"]);
        Assert.Equal("ext-facts", ex.Keys["entitlement_external_id"]);
        Assert.False(ex.IsClientSide);
        Assert.Equal(500, ex.StatusCode);
        Assert.Contains("It was not sent again", ex.Message);
        Assert.DoesNotContain("-Cc", ex.Message);
        Assert.All(ex.Errors, e => Assert.Null(e.Resolution));
        Assert.Equal(1, sim.ApiRequests("POST", "/partner/v2/signup"));
    }

    [Fact]
    public async Task A_read_that_times_out_is_a_connection_failure_not_a_client_side_refusal()
    {
        await using var sim = await CloudSimulator.StartAsync();
        sim.AddFault(new FaultRule { Kind = FaultKind.SlowResponse, Method = "GET", PathPrefix = "/iam/v2/invitations", SlowDelay = TimeSpan.FromSeconds(10) });
        var client = new CcApiClient(new CcClientOptions
        {
            BaseUri = sim.BaseUri, Credential = new BearerTokenCredential(ModuleHost.Secure(sim.Options.StaticBearerToken)),
            Timeout = TimeSpan.FromSeconds(1), MaximumRetryCount = 1, RetryInterval = TimeSpan.Zero,
        });

        var ex = await Assert.ThrowsAsync<CcConnectionException>(() => client.Invitations.GetAsync("i-1", default));
        Assert.False(ex.IsClientSide);
        Assert.Equal("connection_failed", ex.Code);
        // The server logs a request once it has noticed the client left.
        for (var i = 0; i < 100 && sim.ApiRequests("GET", "/iam/v2/invitations/i-1") < 2; i++) await Task.Delay(50);
        Assert.Equal(2, sim.ApiRequests("GET", "/iam/v2/invitations/i-1"));
    }

    [Fact]
    public async Task An_OAuth_token_is_fetched_once_for_many_requests()
    {
        await using var sim = await CloudSimulator.StartAsync();
        var credential = new OAuthClientCredential(sim.Options.OAuthClientId, ModuleHost.Secure(sim.Options.OAuthClientSecret));
        var client = new CcApiClient(new CcClientOptions { BaseUri = sim.BaseUri, Credential = credential, ThrottleLimit = 4 });
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.Invitations.CreateAsync(new CreateInvitationRequest { Email = $"o{i}@example.com" }, false, default)));
        Assert.Equal(1, credential.TokensFetched);
        Assert.Equal(1, sim.Stats.TokenRequests);
        Assert.All(sim.Requests.Where(r => r.Path.StartsWith("/iam")), r => Assert.StartsWith("Bearer ", r.Headers["Authorization"]));
    }

    [Fact]
    public async Task The_pacer_never_lets_more_than_its_limit_through_and_halves_on_429()
    {
        var pacer = new RequestPacer(4);
        pacer.OnCredentialAccepted();
        for (var i = 0; i < 4; i++) await pacer.AcquireAsync(default);
        var fifth = pacer.AcquireAsync(default);
        await Task.Delay(50);
        Assert.False(fifth.IsCompleted);
        pacer.Release();
        await fifth.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(4, pacer.InFlight);

        pacer.OnThrottled(retryAfterSeconds: 1);
        Assert.Equal(2, pacer.CurrentConcurrency);
        pacer.OnThrottled(retryAfterSeconds: 1); // same burst: no second halving
        Assert.Equal(2, pacer.CurrentConcurrency);
    }

    [Fact]
    public async Task The_first_request_goes_alone_until_the_credential_is_accepted()
    {
        var pacer = new RequestPacer(8);
        await pacer.AcquireAsync(default);
        var second = pacer.AcquireAsync(default);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        pacer.OnCredentialAccepted();
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
